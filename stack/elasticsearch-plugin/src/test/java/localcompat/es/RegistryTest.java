package localcompat.es;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.cluster.metadata.IndexMetadata;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.index.analysis.AnalysisRegistry;
import org.elasticsearch.index.analysis.IndexAnalyzers;
import org.elasticsearch.indices.analysis.AnalysisModule;
import org.elasticsearch.plugins.scanners.StablePluginsRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin inside Elasticsearch's real AnalysisModule/AnalysisRegistry: no name clashes with what the server
 * registers, and analyzers defined in index settings (incl. chain-aware synonyms) behave like on a node.
 */
class RegistryTest {

    @TempDir
    static Path home;

    static AnalysisRegistry registry;

    @BeforeAll
    static void setUp() throws IOException {
        LogConfigurator.configureESLogging(); // the server's logging facade needs a provider outside a node
        Path config = Files.createDirectories(home.resolve("config"));
        Files.createDirectories(config.resolve("analysis"));
        Files.writeString(config.resolve("analysis/synonyms.txt"), "# solr format\ntv, television\nlaptop, notebook\n");
        Files.writeString(config.resolve("analysis/wordnet.txt"),
            "s(100000001,1,'couch',n,1,0).\ns(100000001,2,'sofa',n,1,0).\n");
        Environment env = new Environment(Settings.builder().put("path.home", home.toString()).build(), config);
        // throws if any of our names collides with a component the server already registers
        registry = new AnalysisModule(env, List.of(new LocalCompatPlugin()), new StablePluginsRegistry()).getAnalysisRegistry();
    }

    private static IndexAnalyzers build(Settings analysis) throws IOException {
        Settings settings = Settings.builder()
            .put(IndexMetadata.SETTING_VERSION_CREATED, IndexVersion.current())
            .put(IndexMetadata.SETTING_NUMBER_OF_SHARDS, 1)
            .put(IndexMetadata.SETTING_NUMBER_OF_REPLICAS, 0)
            .put(analysis)
            .build();
        IndexSettings indexSettings = new IndexSettings(IndexMetadata.builder("test").settings(settings).build(), Settings.EMPTY);
        return registry.build(IndexCreationContext.CREATE_INDEX, indexSettings);
    }

    /** the analysis settings of the service's product index (see stack/README.md) */
    private static Settings productsAnalysis() {
        return Settings.builder()
            .put("index.analysis.filter.autocomplete_filter.type", "edge_ngram")
            .put("index.analysis.filter.autocomplete_filter.min_gram", 2)
            .put("index.analysis.filter.autocomplete_filter.max_gram", 20)
            .put("index.analysis.filter.english_stemmer.type", "stemmer")
            .put("index.analysis.filter.english_stemmer.language", "english")
            .put("index.analysis.filter.syn.type", "synonym_graph")
            .putList("index.analysis.filter.syn.synonyms", "tv, television", "laptop, notebook")
            .put("index.analysis.analyzer.text_en.type", "custom")
            .put("index.analysis.analyzer.text_en.tokenizer", "standard")
            .putList("index.analysis.analyzer.text_en.filter", "lowercase", "asciifolding", "english_stemmer")
            .put("index.analysis.analyzer.text_en_search.type", "custom")
            .put("index.analysis.analyzer.text_en_search.tokenizer", "standard")
            .putList("index.analysis.analyzer.text_en_search.filter", "lowercase", "asciifolding", "syn", "english_stemmer")
            .put("index.analysis.analyzer.autocomplete.type", "custom")
            .put("index.analysis.analyzer.autocomplete.tokenizer", "standard")
            .putList("index.analysis.analyzer.autocomplete.filter", "lowercase", "asciifolding", "autocomplete_filter")
            .put("index.analysis.analyzer.wdg.type", "custom")
            .put("index.analysis.analyzer.wdg.tokenizer", "whitespace")
            .putList("index.analysis.analyzer.wdg.filter", "word_delimiter_graph", "lowercase")
            .build();
    }

    @Test
    void productsIndexAnalyzers() throws IOException {
        try (IndexAnalyzers a = build(productsAnalysis())) {
            assertEquals(List.of("run", "laptop", "at", "the", "cafe"), Tokens.of(a.get("text_en"), "Running Laptops at the Café"));
            assertEquals(List.of("0:cheap", "1:televis", "1:tv", "2:notebook", "2:laptop"),
                Tokens.withPositions(a.get("text_en_search"), "cheap TV laptop"));
            assertEquals(List.of("te", "tel", "tele", "telev", "televi"), Tokens.of(a.get("autocomplete"), "Télévi"));
            assertEquals(List.of("power", "shot", "500"), Tokens.of(a.get("wdg"), "PowerShot-500"));
            // pre-built, not defined in the index settings
            assertEquals(List.of("run", "laptop"), Tokens.of(a.get("english"), "running laptops"));
        }
    }

    @Test
    void synonymRulesAreAnalysedWithThePrecedingChain() throws IOException {
        // lowercase + asciifolding run before the synonym filter, so "Télé" in a rule matches "tele" in text
        Settings s = Settings.builder()
            .put("index.analysis.filter.syn.type", "synonym_graph")
            .putList("index.analysis.filter.syn.synonyms", "Télé => television")
            .put("index.analysis.analyzer.a.tokenizer", "standard")
            .putList("index.analysis.analyzer.a.filter", "lowercase", "asciifolding", "syn")
            .build();
        try (IndexAnalyzers a = build(s)) {
            assertEquals(List.of("television"), Tokens.of(a.get("a"), "TELE"));
        }
    }

    @Test
    void synonymsPathAndFormats() throws IOException {
        Settings s = Settings.builder()
            .put("index.analysis.filter.solr.type", "synonym_graph")
            .put("index.analysis.filter.solr.synonyms_path", "analysis/synonyms.txt")
            .put("index.analysis.filter.noexpand.type", "synonym_graph")
            .put("index.analysis.filter.noexpand.expand", false)
            .putList("index.analysis.filter.noexpand.synonyms", "tv, television")
            .put("index.analysis.filter.wn.type", "synonym_graph")
            .put("index.analysis.filter.wn.format", "wordnet")
            .put("index.analysis.filter.wn.synonyms_path", "analysis/wordnet.txt")
            .put("index.analysis.analyzer.a.tokenizer", "standard")
            .putList("index.analysis.analyzer.a.filter", "lowercase", "solr")
            .put("index.analysis.analyzer.b.tokenizer", "standard")
            .putList("index.analysis.analyzer.b.filter", "lowercase", "noexpand")
            .put("index.analysis.analyzer.c.tokenizer", "standard")
            .putList("index.analysis.analyzer.c.filter", "lowercase", "wn")
            .build();
        try (IndexAnalyzers a = build(s)) {
            assertEquals(List.of("0:big", "1:notebook", "1:laptop"), Tokens.withPositions(a.get("a"), "big laptop"));
            assertEquals(List.of("tv"), Tokens.of(a.get("b"), "television"));
            assertEquals(List.of("sofa", "couch"), Tokens.of(a.get("c"), "couch"));
        }
    }

    @Test
    void lenientSkipsBadRules() throws IOException {
        Settings strict = Settings.builder()
            .put("index.analysis.filter.syn.type", "synonym_graph")
            .putList("index.analysis.filter.syn.synonyms", "the => article", "tv, television")
            .put("index.analysis.analyzer.a.tokenizer", "standard")
            .putList("index.analysis.analyzer.a.filter", "lowercase", "stop", "syn")
            .build();
        assertThrows(IllegalArgumentException.class, () -> build(strict).close());
        Settings lenient = Settings.builder().put(strict).put("index.analysis.filter.syn.lenient", true).build();
        try (IndexAnalyzers a = build(lenient)) {
            assertEquals(List.of("television", "tv"), Tokens.of(a.get("a"), "the tv"));
        }
    }

    @Test
    void filtersThatCannotParseSynonyms() {
        for (String before : List.of("word_delimiter_graph", "edge_ngram")) {
            Settings s = Settings.builder()
                .put("index.analysis.filter.syn.type", "synonym_graph")
                .putList("index.analysis.filter.syn.synonyms", "a, b")
                .put("index.analysis.analyzer.a.tokenizer", "whitespace")
                .putList("index.analysis.analyzer.a.filter", before, "syn")
                .build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(s).close());
            assertTrue(e.getMessage().contains("cannot be used to parse synonyms"), e.getMessage());
        }
    }

    @Test
    void normalizerWithAsciiFolding() throws IOException {
        Settings s = Settings.builder()
            .put("index.analysis.normalizer.n.type", "custom")
            .putList("index.analysis.normalizer.n.filter", "lowercase", "asciifolding")
            .build();
        try (IndexAnalyzers a = build(s)) {
            Analyzer n = a.getNormalizer("n");
            assertEquals("ca va", n.normalize("f", "Ça Va").utf8ToString());
        }
    }

    @Test
    void extras() throws IOException {
        Settings s = Settings.builder()
            .put("index.max_ngram_diff", 2)
            .put("index.analysis.filter.syn.type", "synonym")
            .putList("index.analysis.filter.syn.synonyms", "tv => television")
            .put("index.analysis.filter.ng.type", "ngram")
            .put("index.analysis.filter.ng.min_gram", 2)
            .put("index.analysis.filter.ng.max_gram", 3)
            .put("index.analysis.tokenizer.ngt.type", "ngram")
            .put("index.analysis.tokenizer.ngt.min_gram", 2)
            .put("index.analysis.tokenizer.ngt.max_gram", 2)
            .putList("index.analysis.tokenizer.ngt.token_chars", "letter")
            .put("index.analysis.analyzer.html.tokenizer", "standard")
            .putList("index.analysis.analyzer.html.char_filter", "html_strip")
            .putList("index.analysis.analyzer.html.filter", "lowercase", "syn")
            .put("index.analysis.analyzer.grams.tokenizer", "whitespace")
            .putList("index.analysis.analyzer.grams.filter", "ng")
            .put("index.analysis.analyzer.tgrams.tokenizer", "ngt")
            .put("index.analysis.normalizer.trimmed.type", "custom")
            .putList("index.analysis.normalizer.trimmed.filter", "trim", "lowercase")
            .build();
        try (IndexAnalyzers a = build(s)) {
            assertEquals(List.of("a", "television", "b"), Tokens.of(a.get("html"), "<p>A <b>TV</b> &amp; b</p>"));
            assertEquals(List.of("ab", "abc", "bc", "bcd", "cd"), Tokens.of(a.get("grams"), "abcd"));
            assertEquals(List.of("ab", "bc", "xy"), Tokens.of(a.get("tgrams"), "abc-xy"));
            assertEquals("mixed case", a.getNormalizer("trimmed").normalize("f", "  Mixed Case ").utf8ToString());
        }
        Settings tooWide = Settings.builder()
            .put("index.analysis.filter.ng.type", "ngram")
            .put("index.analysis.filter.ng.max_gram", 5)
            .put("index.analysis.analyzer.grams.tokenizer", "whitespace")
            .putList("index.analysis.analyzer.grams.filter", "ng")
            .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(tooWide).close());
        assertTrue(e.getMessage().contains("index.max_ngram_diff"), e.getMessage());
    }

    @Test
    void englishAnalyzerWithParameters() throws IOException {
        Settings s = Settings.builder()
            .put("index.analysis.analyzer.my_en.type", "english")
            .putList("index.analysis.analyzer.my_en.stem_exclusion", "running")
            .put("index.analysis.analyzer.my_en.stopwords", "_none_")
            .build();
        try (IndexAnalyzers a = build(s)) {
            assertEquals(List.of("the", "running", "laptop"), Tokens.of(a.get("my_en"), "The running laptops"));
        }
    }

    @Test
    void securityIndexEmailAnalyzer() throws IOException {
        // the analysis settings of Elasticsearch's .security index, as in its docs' pattern_capture example
        Settings s = Settings.builder()
            .put("index.analysis.filter.email.type", "pattern_capture")
            .put("index.analysis.filter.email.preserve_original", true)
            .putList("index.analysis.filter.email.patterns", "([^@]+)", "(\\p{L}+)", "(\\d+)", "@(.+)")
            .put("index.analysis.analyzer.email.tokenizer", "uax_url_email")
            .putList("index.analysis.analyzer.email.filter", "email", "lowercase", "unique")
            .build();
        try (IndexAnalyzers a = build(s)) {
            List<String> tokens = Tokens.of(a.get("email"), "John-Smith_123@Foo-Bar.com and john");
            assertEquals(
                List.of("123", "and", "bar", "com", "foo", "foo-bar.com", "john", "john-smith_123", "john-smith_123@foo-bar.com", "smith"),
                tokens.stream().sorted().toList()
            );
            assertEquals(tokens.size(), tokens.stream().distinct().count(), "unique drops the repeated 'john'");
        }
    }

    // Examples from Elastic's reference pages of each component (same input, same documented output).

    @Test
    void mappingCharFilterAsDocumented() throws IOException {
        IndexAnalyzers a = build(Settings.builder()
            .put("index.analysis.char_filter.digits.type", "mapping")
            .putList("index.analysis.char_filter.digits.mappings", "\u0660 => 0", "\u0662 => 2", "\u0665 => 5",
                "\u0661 => 1")
            .put("index.analysis.char_filter.emoticons.type", "mapping")
            .putList("index.analysis.char_filter.emoticons.mappings", ":) => _happy_", ":( => _sad_")
            .put("index.analysis.analyzer.a.tokenizer", "keyword")
            .putList("index.analysis.analyzer.a.char_filter", "digits")
            .put("index.analysis.analyzer.b.tokenizer", "whitespace")
            .putList("index.analysis.analyzer.b.char_filter", "emoticons")
            .build());
        assertEquals(List.of("My license plate is 25015"), Tokens.of(a.get("a"), "My license plate is \u0662\u0665\u0660\u0661\u0665"));
        assertEquals(List.of("I'm", "delighted", "about", "it", "_sad_"), Tokens.of(a.get("b"), "I'm delighted about it :("));
        assertThrows(IllegalArgumentException.class, () -> build(Settings.builder()
            .put("index.analysis.char_filter.m.type", "mapping")
            .put("index.analysis.analyzer.a.tokenizer", "keyword")
            .putList("index.analysis.analyzer.a.char_filter", "m")
            .build()));
    }

    @Test
    void patternReplaceCharFilterAsDocumented() throws IOException {
        IndexAnalyzers a = build(Settings.builder()
            .put("index.analysis.char_filter.p.type", "pattern_replace")
            .put("index.analysis.char_filter.p.pattern", "(\\d+)-(?=\\d)")
            .put("index.analysis.char_filter.p.replacement", "$1_")
            .put("index.analysis.analyzer.a.tokenizer", "standard")
            .putList("index.analysis.analyzer.a.char_filter", "p")
            .put("index.analysis.char_filter.ci.type", "pattern_replace")
            .put("index.analysis.char_filter.ci.pattern", "inch")
            .put("index.analysis.char_filter.ci.flags", "CASE_INSENSITIVE")
            .put("index.analysis.analyzer.b.tokenizer", "whitespace")
            .putList("index.analysis.analyzer.b.char_filter", "ci")
            .build());
        assertEquals(List.of("My", "credit", "card", "is", "123_456_789"), Tokens.of(a.get("a"), "My credit card is 123-456-789"));
        // replacement defaults to ""; flags are Java's
        assertEquals(List.of("2", "es"), Tokens.of(a.get("b"), "2 INCHes"));
    }

    @Test
    void patternReplaceTokenFilterAsDocumented() throws IOException {
        IndexAnalyzers a = build(Settings.builder()
            .put("index.analysis.filter.p.type", "pattern_replace")
            .put("index.analysis.filter.p.pattern", "(dog)")
            .put("index.analysis.filter.p.replacement", "watch$1")
            .put("index.analysis.filter.first.type", "pattern_replace")
            .put("index.analysis.filter.first.pattern", "o")
            .put("index.analysis.filter.first.replacement", "0")
            .put("index.analysis.filter.first.all", false)
            .put("index.analysis.analyzer.a.tokenizer", "whitespace")
            .putList("index.analysis.analyzer.a.filter", "p")
            .put("index.analysis.analyzer.b.tokenizer", "whitespace")
            .putList("index.analysis.analyzer.b.filter", "first")
            .build());
        assertEquals(List.of("foxes", "jump", "lazy", "watchdogs"), Tokens.of(a.get("a"), "foxes jump lazy dogs"));
        assertEquals(List.of("f0o"), Tokens.of(a.get("b"), "foo"));
    }

    @Test
    void flattenGraphMakesWordDelimiterGraphIndexable() throws IOException {
        // the word_delimiter_graph page: "the wi-fi is enabled" with catenate_words gives wifi + wi, fi
        IndexAnalyzers a = build(Settings.builder()
            .put("index.analysis.filter.wdg.type", "word_delimiter_graph")
            .put("index.analysis.filter.wdg.catenate_words", true)
            .put("index.analysis.analyzer.a.tokenizer", "whitespace")
            .putList("index.analysis.analyzer.a.filter", "wdg", "flatten_graph")
            .build());
        List<String> tokens = Tokens.withPositions(a.get("a"), "the wi-fi is enabled");
        assertEquals(List.of("0:the", "1:wifi", "1:wi", "2:fi", "3:is", "4:enabled"), tokens);
    }
}
