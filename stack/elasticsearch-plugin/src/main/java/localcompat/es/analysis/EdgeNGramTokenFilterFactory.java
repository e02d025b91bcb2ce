package localcompat.es.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.TokenFilterFactory;

/**
 * Token filter {@code edge_ngram}: {@code min_gram} 1, {@code max_gram} 2, {@code preserve_original} false,
 * {@code side} front|back (back = grams from the end, via reversing). Cannot take part in synonym rule parsing.
 */
public final class EdgeNGramTokenFilterFactory implements TokenFilterFactory {

    private final String name;
    private final int minGram;
    private final int maxGram;
    private final boolean preserveOriginal;
    private final boolean back;

    public EdgeNGramTokenFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        this.minGram = settings.getAsInt("min_gram", 1);
        this.maxGram = settings.getAsInt("max_gram", 2);
        this.preserveOriginal = settings.getAsBoolean("preserve_original", false);
        String side = settings.get("side", "front");
        if ("front".equals(side)) {
            back = false;
        } else if ("back".equals(side)) {
            back = true;
        } else {
            throw new IllegalArgumentException("invalid side [" + side + "] for token filter [" + name + "], expected front or back");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        if (back) {
            TokenStream reversed = new ReverseStringFilter(tokenStream);
            return new ReverseStringFilter(new EdgeNGramTokenFilter(reversed, minGram, maxGram, preserveOriginal));
        }
        return new EdgeNGramTokenFilter(tokenStream, minGram, maxGram, preserveOriginal);
    }

    @Override
    public TokenFilterFactory getSynonymFilter() {
        throw new IllegalArgumentException("Token filter [" + name + "] cannot be used to parse synonyms");
    }
}
