package localcompat.es.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;

import java.util.regex.Pattern;

/**
 * Token filter {@code pattern_replace}: {@code pattern} (required), {@code replacement} (""), {@code all} (true:
 * every match in the token, false: the first), {@code flags}. Usable in normalizers.
 */
public final class PatternReplaceTokenFilterFactory implements NormalizingTokenFilterFactory {

    private final String name;
    private final Pattern pattern;
    private final String replacement;
    private final boolean all;

    public PatternReplaceTokenFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        String source = settings.get("pattern");
        if (source == null) {
            throw new IllegalArgumentException("pattern is missing for [" + name + "] token filter of type 'pattern_replace'");
        }
        this.pattern = Regex.compile(source, settings.get("flags"));
        this.replacement = settings.get("replacement", "");
        this.all = settings.getAsBoolean("all", true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new PatternReplaceFilter(tokenStream, pattern, replacement, all);
    }
}
