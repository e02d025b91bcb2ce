package localcompat.es;

import localcompat.es.analysis.AsciiFoldingTokenFilterFactory;
import localcompat.es.analysis.EdgeNGramTokenFilterFactory;
import localcompat.es.analysis.EdgeNGramTokenizerFactory;
import localcompat.es.analysis.EnglishAnalyzerProvider;
import localcompat.es.analysis.KeywordTokenizerFactory;
import localcompat.es.analysis.StemmerTokenFilterFactory;
import localcompat.es.analysis.WhitespaceTokenizerFactory;
import localcompat.es.analysis.WordDelimiterGraphTokenFilterFactory;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.junit.jupiter.api.Test;
import org.tartarus.snowball.ext.EnglishStemmer;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each factory against the Lucene class it wraps (same terms for the same text), plus the ES defaults. */
class ComponentsTest {

    private static final String SAMPLE = "The runners' laptops were running quickly, organizations generously";

    private static Settings s(String... kv) {
        Settings.Builder b = Settings.builder();
        for (int i = 0; i < kv.length; i += 2) {
            b.put(kv[i], kv[i + 1]);
        }
        return b.build();
    }

    private static List<String> ws(TokenFilterFactory f, String text) {
        return Tokens.of(WhitespaceTokenizer::new, f::create, text);
    }

    private static List<String> ws(Function<TokenStream, TokenStream> f, String text) {
        return Tokens.of(WhitespaceTokenizer::new, f, text);
    }

    @Test
    void englishAnalyzerDefaultsMatchLucene() {
        EnglishAnalyzerProvider p = new EnglishAnalyzerProvider(null, null, "english", Settings.EMPTY);
        assertEquals(List.of("run", "laptop"), Tokens.of(p.get(), "running laptops"));
        try (EnglishAnalyzer lucene = new EnglishAnalyzer()) {
            assertEquals(Tokens.of(lucene, SAMPLE), Tokens.of(p.get(), SAMPLE));
        }
        assertEquals(List.of("quick", "fox", "run"), Tokens.of(p.get(), "The quick foxes are running"));
    }

    @Test
    void englishAnalyzerStopwordsAndStemExclusion() {
        EnglishAnalyzerProvider none = new EnglishAnalyzerProvider(null, null, "e", s("stopwords", "_none_"));
        assertEquals(List.of("the", "laptop"), Tokens.of(none.get(), "the laptops"));
        EnglishAnalyzerProvider list = new EnglishAnalyzerProvider(null, null, "e",
            Settings.builder().putList("stopwords", "laptops").putList("stem_exclusion", "running").build());
        assertEquals(List.of("the", "running", "fox"), Tokens.of(list.get(), "the laptops running foxes"));
        EnglishAnalyzerProvider named = new EnglishAnalyzerProvider(null, null, "e", s("stopwords", "_english_"));
        assertEquals(List.of("laptop"), Tokens.of(named.get(), "the laptops"));
    }

    @Test
    void stemmerLanguagesMatchLucene() {
        String text = "running laptops organizations generously ponies";
        assertEquals(ws(PorterStemFilter::new, text), ws(new StemmerTokenFilterFactory(null, null, "s", Settings.EMPTY), text));
        assertEquals(ws(PorterStemFilter::new, text), ws(new StemmerTokenFilterFactory(null, null, "s", s("language", "english")), text));
        assertEquals(ws(PorterStemFilter::new, text), ws(StemmerTokenFilterFactory.porterStem("porter_stem"), text));
        assertEquals(ws(KStemFilter::new, text), ws(new StemmerTokenFilterFactory(null, null, "s", s("language", "light_english")), text));
        assertEquals(ws(KStemFilter::new, text), ws(new StemmerTokenFilterFactory(null, null, "s", s("name", "kstem")), text));
        assertEquals(ws(EnglishMinimalStemFilter::new, text),
            ws(new StemmerTokenFilterFactory(null, null, "s", s("language", "minimal_english")), text));
        assertEquals(ws(ts -> new SnowballFilter(ts, new EnglishStemmer()), text),
            ws(new StemmerTokenFilterFactory(null, null, "s", s("language", "porter2")), text));
        assertEquals(List.of("John", "dog"),
            ws(new StemmerTokenFilterFactory(null, null, "s", s("language", "possessive_english")), "John's dog"));
        assertEquals(List.of("run", "laptop"), ws(new StemmerTokenFilterFactory(null, null, "s", s("language", "english")), "running laptops"));
        assertThrows(IllegalArgumentException.class, () -> new StemmerTokenFilterFactory(null, null, "s", s("language", "klingon")));
    }

    @Test
    void asciiFolding() {
        AsciiFoldingTokenFilterFactory plain = new AsciiFoldingTokenFilterFactory(null, null, "a", Settings.EMPTY);
        assertTrue(plain instanceof NormalizingTokenFilterFactory);
        assertEquals(List.of("Cafe", "creme", "brulee"), ws(plain, "Café crème brûlée"));
        assertEquals(ws(ts -> new ASCIIFoldingFilter(ts, false), "Ærø ßtraße"), ws(plain, "Ærø ßtraße"));
        assertSame(plain, plain.getSynonymFilter());

        AsciiFoldingTokenFilterFactory keep = new AsciiFoldingTokenFilterFactory(null, null, "a", s("preserve_original", "true"));
        assertEquals(List.of("Cafe", "Café"), ws(keep, "Café"));
        assertEquals(List.of("Cafe"), Tokens.of(WhitespaceTokenizer::new, keep::normalize, "Café"));
        assertEquals(List.of("Cafe"), ws(keep.getSynonymFilter(), "Café"));
    }

    @Test
    void edgeNGramFilter() {
        EdgeNGramTokenFilterFactory defaults = new EdgeNGramTokenFilterFactory(null, null, "e", Settings.EMPTY);
        assertEquals(List.of("q", "qu"), ws(defaults, "quick"));
        EdgeNGramTokenFilterFactory f = new EdgeNGramTokenFilterFactory(null, null, "e", s("min_gram", "2", "max_gram", "5"));
        assertEquals(List.of("qu", "qui", "quic", "quick", "fo", "fox"), ws(f, "quickly fox"));
        assertEquals(ws(ts -> new EdgeNGramTokenFilter(ts, 2, 5, false), "quickly fox"), ws(f, "quickly fox"));
        EdgeNGramTokenFilterFactory keep = new EdgeNGramTokenFilterFactory(null, null, "e",
            s("min_gram", "2", "max_gram", "3", "preserve_original", "true"));
        assertEquals(List.of("qu", "qui", "quickly"), ws(keep, "quickly"));
        EdgeNGramTokenFilterFactory back = new EdgeNGramTokenFilterFactory(null, null, "e", s("min_gram", "2", "max_gram", "3", "side", "back"));
        assertEquals(List.of("ly", "kly"), ws(back, "quickly"));
        assertThrows(IllegalArgumentException.class, defaults::getSynonymFilter);
    }

    @Test
    void edgeNGramTokenizer() {
        EdgeNGramTokenizerFactory defaults = new EdgeNGramTokenizerFactory(null, null, "t", Settings.EMPTY);
        assertEquals(List.of("a", "ab"), Tokens.of(defaults::create, ts -> ts, "abc def"));
        EdgeNGramTokenizerFactory letters = new EdgeNGramTokenizerFactory(null, null, "t",
            Settings.builder().put("min_gram", 2).put("max_gram", 5).putList("token_chars", "letter", "digit").build());
        assertEquals(List.of("Qu", "Qui", "Quic", "Quick", "Fo", "Fox", "42"), Tokens.of(letters::create, ts -> ts, "Quick-Fox 42"));
        EdgeNGramTokenizerFactory custom = new EdgeNGramTokenizerFactory(null, null, "t",
            Settings.builder().put("min_gram", 2).put("max_gram", 3).putList("token_chars", "letter", "custom")
                .put("custom_token_chars", "+-").build());
        assertEquals(List.of("c+", "c++", "x-", "x-y"), Tokens.of(custom::create, ts -> ts, "c++ x-y"));
        assertThrows(IllegalArgumentException.class, () -> new EdgeNGramTokenizerFactory(null, null, "t",
            Settings.builder().putList("token_chars", "bogus").build()));
    }

    @Test
    void wordDelimiterGraph() {
        WordDelimiterGraphTokenFilterFactory d = new WordDelimiterGraphTokenFilterFactory(null, null, "w", Settings.EMPTY);
        assertEquals(List.of("Power", "Shot", "500"), ws(d, "PowerShot-500"));
        assertEquals(List.of("O", "Neil"), ws(d, "O'Neil's"));
        assertEquals(List.of("Wi", "Fi", "SD", "500"), ws(d, "Wi-Fi SD500"));
        WordDelimiterGraphTokenFilterFactory cat = new WordDelimiterGraphTokenFilterFactory(null, null, "w",
            s("catenate_words", "true", "preserve_original", "true"));
        List<String> t = ws(cat, "Wi-Fi");
        assertTrue(t.containsAll(List.of("Wi-Fi", "WiFi", "Wi", "Fi")), t.toString());
        WordDelimiterGraphTokenFilterFactory prot = new WordDelimiterGraphTokenFilterFactory(null, null, "w",
            Settings.builder().putList("protected_words", "C++").putList("type_table", "+ => ALPHA").build());
        assertEquals(List.of("C++", "a+b"), ws(prot, "C++ a+b"));
        assertThrows(IllegalArgumentException.class, d::getSynonymFilter);
    }

    @Test
    void simpleTokenizers() {
        assertEquals(List.of("a", "b-c"), Tokens.of(new WhitespaceTokenizerFactory(null, null, "w", Settings.EMPTY)::create, ts -> ts, " a  b-c "));
        assertEquals(List.of("ab", "c"), Tokens.of(new WhitespaceTokenizerFactory(null, null, "w", s("max_token_length", "2"))::create, ts -> ts, "abc"));
        assertEquals(List.of("Hello World"), Tokens.of(new KeywordTokenizerFactory(null, null, "k", Settings.EMPTY)::create, ts -> ts, "Hello World"));
    }
}
