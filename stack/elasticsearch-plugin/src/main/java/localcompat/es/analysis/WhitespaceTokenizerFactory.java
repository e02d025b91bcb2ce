package localcompat.es.analysis;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.util.AttributeFactory;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.TokenizerFactory;

/** Tokenizer {@code whitespace}: {@code max_token_length} default 255. */
public final class WhitespaceTokenizerFactory implements TokenizerFactory {

    private final String name;
    private final int maxTokenLength;

    public WhitespaceTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        this.maxTokenLength = settings.getAsInt("max_token_length", StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Tokenizer create() {
        return new WhitespaceTokenizer(AttributeFactory.DEFAULT_ATTRIBUTE_FACTORY, maxTokenLength);
    }
}
