package localcompat.es.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.pattern.PatternCaptureGroupTokenFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.TokenFilterFactory;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Token filter {@code pattern_capture}: {@code patterns} (required), {@code preserve_original} (default true).
 * Elasticsearch's own {@code .security} index analyzes e-mail addresses with it, so a secured node needs it.
 */
public final class PatternCaptureTokenFilterFactory implements TokenFilterFactory {

    private final String name;
    private final Pattern[] patterns;
    private final boolean preserveOriginal;

    public PatternCaptureTokenFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        List<String> regexes = settings.getAsList("patterns");
        if (regexes.isEmpty()) {
            throw new IllegalArgumentException("required setting 'patterns' is missing for token filter [" + name + "]");
        }
        this.patterns = regexes.stream().map(Pattern::compile).toArray(Pattern[]::new);
        this.preserveOriginal = settings.getAsBoolean("preserve_original", true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new PatternCaptureGroupTokenFilter(tokenStream, preserveOriginal, patterns);
    }
}
