package localcompat.es.analysis;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.TokenFilterFactory;

import java.io.IOException;

/**
 * Token filter {@code unique}: drops a term already seen in the stream; with {@code only_on_same_position} (default
 * false) only one seen at the same position (Lucene's RemoveDuplicatesTokenFilter).
 */
public final class UniqueTokenFilterFactory implements TokenFilterFactory {

    private final String name;
    private final boolean onlyOnSamePosition;

    public UniqueTokenFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        this.onlyOnSamePosition = settings.getAsBoolean("only_on_same_position", false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return onlyOnSamePosition ? new RemoveDuplicatesTokenFilter(tokenStream) : new UniqueTokenFilter(tokenStream);
    }

    /** Keeps the first occurrence of each term, as Elasticsearch's UniqueTokenFilter does. */
    static final class UniqueTokenFilter extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final CharArraySet seen = new CharArraySet(8, false);

        UniqueTokenFilter(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws IOException {
            while (input.incrementToken()) {
                if (seen.contains(term.buffer(), 0, term.length()) == false) {
                    seen.add(new String(term.buffer(), 0, term.length()));
                    return true;
                }
            }
            return false;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            seen.clear();
        }
    }
}
