package localcompat.es.analysis;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.TokenizerFactory;

/** Tokenizer {@code uax_url_email}: {@code max_token_length} default 255 (used by the {@code .security} index). */
public final class UaxUrlEmailTokenizerFactory implements TokenizerFactory {

    private final String name;
    private final int maxTokenLength;

    public UaxUrlEmailTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        this.maxTokenLength = settings.getAsInt("max_token_length", StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Tokenizer create() {
        UAX29URLEmailTokenizer tokenizer = new UAX29URLEmailTokenizer();
        tokenizer.setMaxTokenLength(maxTokenLength);
        return tokenizer;
    }
}
