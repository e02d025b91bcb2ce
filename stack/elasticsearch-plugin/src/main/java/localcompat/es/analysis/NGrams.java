package localcompat.es.analysis;

import org.elasticsearch.index.IndexSettings;

/** The {@code index.max_ngram_diff} guard of the ngram tokenizer and filter. */
final class NGrams {

    private NGrams() {}

    static void checkDiff(IndexSettings indexSettings, int minGram, int maxGram, String what) {
        int maxAllowed = indexSettings == null ? 1 : indexSettings.getMaxNgramDiff();
        int diff = maxGram - minGram;
        if (diff > maxAllowed) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in " + what
                + " must be less than or equal to: [" + maxAllowed + "] but was [" + diff + "]. This limit can be set by "
                + "changing the [" + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting.");
        }
    }
}
