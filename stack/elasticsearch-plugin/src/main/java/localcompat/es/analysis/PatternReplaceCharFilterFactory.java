package localcompat.es.analysis;

import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.elasticsearch.common.regex.Regex;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;

import java.io.Reader;
import java.util.regex.Pattern;

/**
 * Char filter {@code pattern_replace}: {@code pattern} (Java regex, required), {@code replacement} ("" by default,
 * may use {@code $1}), {@code flags} (pipe-separated Java flags, e.g. {@code CASE_INSENSITIVE|COMMENTS}).
 * Offsets are corrected, so highlights stay on the original text. Usable in normalizers.
 */
public final class PatternReplaceCharFilterFactory implements NormalizingCharFilterFactory {

    private final String name;
    private final Pattern pattern;
    private final String replacement;

    public PatternReplaceCharFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        String source = settings.get("pattern");
        if (source == null || source.isEmpty()) {
            throw new IllegalArgumentException("pattern is missing for [" + name + "] char filter of type 'pattern_replace'");
        }
        this.pattern = Regex.compile(source, settings.get("flags"));
        this.replacement = settings.get("replacement", "");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Reader create(Reader reader) {
        return new PatternReplaceCharFilter(pattern, replacement, reader);
    }
}
