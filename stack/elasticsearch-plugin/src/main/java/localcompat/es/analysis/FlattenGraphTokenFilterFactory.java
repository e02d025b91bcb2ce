package localcompat.es.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.TokenFilterFactory;

/** Token filter {@code flatten_graph}: makes a token graph (word_delimiter_graph, synonym_graph) indexable. */
public final class FlattenGraphTokenFilterFactory implements TokenFilterFactory {

    private final String name;

    public FlattenGraphTokenFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new FlattenGraphFilter(tokenStream);
    }
}
