package localcompat.es.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;

/** {@code token_chars} classes of the n-gram tokenizers: letter, digit, whitespace, punctuation, symbol, custom. */
final class TokenChars {

    private TokenChars() {}

    /** @return null when no classes are configured (= every character is a token character) */
    static IntPredicate parse(String component, List<String> classes, String customChars) {
        if (classes == null || classes.isEmpty()) {
            if (customChars != null) {
                throw new IllegalArgumentException("Token type: [custom] must be set in token_chars of [" + component
                    + "] to use custom_token_chars");
            }
            return null;
        }
        IntPredicate result = c -> false;
        boolean custom = false;
        for (String cls : classes) {
            switch (cls.toLowerCase(Locale.ROOT).trim()) {
                case "letter":
                    result = result.or(TokenChars::isLetter);
                    break;
                case "digit":
                    result = result.or(c -> Character.isDigit(c));
                    break;
                case "whitespace":
                    result = result.or(c -> Character.isWhitespace(c));
                    break;
                case "punctuation":
                    result = result.or(TokenChars::isPunctuation);
                    break;
                case "symbol":
                    result = result.or(TokenChars::isSymbol);
                    break;
                case "custom":
                    custom = true;
                    if (customChars == null) {
                        throw new IllegalArgumentException("Token type: [custom] requires setting custom_token_chars in [" + component + "]");
                    }
                    Set<Integer> set = new HashSet<>();
                    customChars.codePoints().forEach(set::add);
                    result = result.or(set::contains);
                    break;
                default:
                    throw new IllegalArgumentException("Unknown token type: '" + cls + "' in [" + component
                        + "], must be one of [letter, digit, whitespace, punctuation, symbol, custom]");
            }
        }
        if (custom == false && customChars != null) {
            throw new IllegalArgumentException("Token type: [custom] must be set in token_chars of [" + component
                + "] to use custom_token_chars");
        }
        return result;
    }

    private static boolean isLetter(int c) {
        switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER:
            case Character.LOWERCASE_LETTER:
            case Character.TITLECASE_LETTER:
            case Character.MODIFIER_LETTER:
            case Character.OTHER_LETTER:
                return true;
            default:
                return false;
        }
    }

    private static boolean isPunctuation(int c) {
        switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION:
            case Character.DASH_PUNCTUATION:
            case Character.START_PUNCTUATION:
            case Character.END_PUNCTUATION:
            case Character.INITIAL_QUOTE_PUNCTUATION:
            case Character.FINAL_QUOTE_PUNCTUATION:
            case Character.OTHER_PUNCTUATION:
                return true;
            default:
                return false;
        }
    }

    private static boolean isSymbol(int c) {
        switch (Character.getType(c)) {
            case Character.MATH_SYMBOL:
            case Character.CURRENCY_SYMBOL:
            case Character.MODIFIER_SYMBOL:
            case Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
    }
}
