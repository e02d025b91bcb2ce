package localcompat.es.analysis;

import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.CharFilterFactory;

import java.io.Reader;
import java.util.List;
import java.util.Set;

/** Char filter {@code html_strip}: removes HTML markup, decodes entities; {@code escaped_tags} are kept. */
public final class HtmlStripCharFilterFactory implements CharFilterFactory {

    private final String name;
    private final Set<String> escapedTags;

    public HtmlStripCharFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        List<String> tags = settings.getAsList("escaped_tags", List.of());
        this.escapedTags = tags.isEmpty() ? null : Set.copyOf(tags);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Reader create(Reader reader) {
        return escapedTags == null ? new HTMLStripCharFilter(reader) : new HTMLStripCharFilter(reader, escapedTags);
    }
}
