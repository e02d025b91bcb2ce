package localcompat.es.analysis;

import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.NormalizingCharFilterFactory;

import java.io.Reader;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Char filter {@code mapping}: {@code mappings} (list of {@code "from => to"} rules, escapes like {@code \\u0020}
 * allowed, an empty right side deletes) or {@code mappings_path} (one rule per line, relative to config/). The
 * longest match wins. Usable in normalizers.
 */
public final class MappingCharFilterFactory implements NormalizingCharFilterFactory {

    private static final Pattern RULE = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$");

    private final String name;
    private final NormalizeCharMap map;

    public MappingCharFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        List<String> rules = Analysis.getWordList(env, settings, "mappings");
        if (rules == null) {
            throw new IllegalArgumentException("mapping requires either `mappings` or `mappings_path` to be configured");
        }
        NormalizeCharMap.Builder builder = new NormalizeCharMap.Builder();
        for (String rule : rules) {
            Matcher m = RULE.matcher(rule);
            if (m.find() == false) {
                throw new IllegalArgumentException("Invalid Mapping Rule : [" + rule + "]");
            }
            String from = WordDelimiterGraphTokenFilterFactory.unescape(m.group(1).trim());
            String to = WordDelimiterGraphTokenFilterFactory.unescape(m.group(2).trim());
            if (from.isEmpty()) {
                throw new IllegalArgumentException("Invalid Mapping Rule : [" + rule + "]");
            }
            builder.add(from, to);
        }
        this.map = builder.build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Reader create(Reader reader) {
        return new MappingCharFilter(map, reader);
    }
}
