package localcompat.es.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.tartarus.snowball.ext.EnglishStemmer;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Token filter {@code stemmer} ({@code language} or {@code name}, default {@code porter}) and {@code porter_stem}.
 * Only the English stemmers are implemented; any other language is rejected with a clear error.
 */
public final class StemmerTokenFilterFactory implements TokenFilterFactory {

    private final String name;
    private final UnaryOperator<TokenStream> stemmer;

    public StemmerTokenFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this(name, settings.get("language", settings.get("name", "porter")));
    }

    private StemmerTokenFilterFactory(String name, String language) {
        this.name = name;
        this.stemmer = forLanguage(name, language);
    }

    public static StemmerTokenFilterFactory porterStem(String name) {
        return new StemmerTokenFilterFactory(name, "porter");
    }

    static UnaryOperator<TokenStream> forLanguage(String filterName, String language) {
        switch (language.toLowerCase(Locale.ROOT)) {
            case "english":
            case "porter":
                return PorterStemFilter::new;
            case "light_english":
            case "lightenglish":
            case "kstem":
                return KStemFilter::new;
            case "minimal_english":
            case "minimalenglish":
                return EnglishMinimalStemFilter::new;
            case "porter2":
                return ts -> new SnowballFilter(ts, new EnglishStemmer());
            case "possessive_english":
            case "possessiveenglish":
                return EnglishPossessiveFilter::new;
            default:
                throw new IllegalArgumentException(
                    "stemmer language [" + language + "] for token filter [" + filterName + "] is not supported by the "
                        + "local-compat plugin (supported: english, porter, light_english, kstem, minimal_english, porter2, "
                        + "possessive_english)"
                );
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return stemmer.apply(tokenStream);
    }
}
