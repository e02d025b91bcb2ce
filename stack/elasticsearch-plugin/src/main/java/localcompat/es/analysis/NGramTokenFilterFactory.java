package localcompat.es.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.TokenFilterFactory;

/**
 * Token filter {@code ngram}: {@code min_gram} 1, {@code max_gram} 2 (difference limited by
 * {@code index.max_ngram_diff}, default 1), {@code preserve_original} false. Cannot take part in synonym parsing.
 */
public final class NGramTokenFilterFactory implements TokenFilterFactory {

    private final String name;
    private final int minGram;
    private final int maxGram;
    private final boolean preserveOriginal;

    public NGramTokenFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        this.minGram = settings.getAsInt("min_gram", 1);
        this.maxGram = settings.getAsInt("max_gram", 2);
        this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
        NGrams.checkDiff(indexSettings, minGram, maxGram, "NGram Token Filter");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new NGramTokenFilter(tokenStream, minGram, maxGram, preserveOriginal);
    }

    @Override
    public TokenFilterFactory getSynonymFilter() {
        throw new IllegalArgumentException("Token filter [" + name + "] cannot be used to parse synonyms");
    }
}
