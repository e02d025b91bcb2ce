package localcompat.es.analysis;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.TokenizerFactory;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * Tokenizer {@code ngram}: {@code min_gram} 1, {@code max_gram} 2 (difference limited by {@code index.max_ngram_diff},
 * default 1), {@code token_chars} (default: all), {@code custom_token_chars}.
 */
public final class NGramTokenizerFactory implements TokenizerFactory {

    private final String name;
    private final int minGram;
    private final int maxGram;
    private final IntPredicate tokenChars;

    public NGramTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        this.minGram = settings.getAsInt("min_gram", 1);
        this.maxGram = settings.getAsInt("max_gram", 2);
        NGrams.checkDiff(indexSettings, minGram, maxGram, "NGram Tokenizer");
        List<String> classes = settings.getAsList("token_chars", List.of());
        this.tokenChars = TokenChars.parse(name, classes, settings.get("custom_token_chars"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Tokenizer create() {
        if (tokenChars == null) {
            return new NGramTokenizer(minGram, maxGram);
        }
        IntPredicate matcher = tokenChars;
        return new NGramTokenizer(minGram, maxGram) {
            @Override
            protected boolean isTokenChar(int chr) {
                return matcher.test(chr);
            }
        };
    }
}
