package localcompat.es;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/** Small helpers to list the terms a token stream produces. */
final class Tokens {

    private Tokens() {}

    static List<String> of(Analyzer analyzer, String text) {
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
            return drain(ts, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** terms as "position:term" */
    static List<String> withPositions(Analyzer analyzer, String text) {
        try (TokenStream ts = analyzer.tokenStream("f", text)) {
            return drain(ts, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> of(Supplier<Tokenizer> tokenizer, Function<TokenStream, TokenStream> filters, String text) {
        Tokenizer t = tokenizer.get();
        t.setReader(new StringReader(text));
        try (TokenStream ts = filters.apply(t)) {
            return drain(ts, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> drain(TokenStream ts, boolean positions) throws IOException {
        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
        PositionIncrementAttribute posInc = ts.addAttribute(PositionIncrementAttribute.class);
        List<String> out = new ArrayList<>();
        ts.reset();
        int pos = -1;
        while (ts.incrementToken()) {
            pos += posInc.getPositionIncrement();
            out.add(positions ? pos + ":" + term : term.toString());
        }
        ts.end();
        return out;
    }
}
