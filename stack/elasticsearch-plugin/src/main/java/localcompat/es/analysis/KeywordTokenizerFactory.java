package localcompat.es.analysis;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.TokenizerFactory;

/** Tokenizer {@code keyword}: the whole input as one token; {@code buffer_size} default 256. */
public final class KeywordTokenizerFactory implements TokenizerFactory {

    private final String name;
    private final int bufferSize;

    public KeywordTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        this.bufferSize = settings.getAsInt("buffer_size", 256);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Tokenizer create() {
        return new KeywordTokenizer(bufferSize);
    }
}
