package localcompat.es.analysis;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterIterator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.TokenFilterFactory;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Token filter {@code word_delimiter_graph}. On by default: generate_word_parts, generate_number_parts,
 * split_on_case_change, split_on_numerics, stem_english_possessive, adjust_offsets. Off by default: catenate_words,
 * catenate_numbers, catenate_all, preserve_original, ignore_keywords. Also protected_words(_path), type_table(_path).
 * Cannot take part in synonym rule parsing.
 */
public final class WordDelimiterGraphTokenFilterFactory implements TokenFilterFactory {

    // Lucene's character classes (WordDelimiterIterator keeps the single-bit ones package-private)
    private static final byte LOWER = 0x01;
    private static final byte UPPER = 0x02;
    private static final byte DIGIT = 0x04;
    private static final byte SUBWORD_DELIM = 0x08;
    private static final byte ALPHA = (byte) WordDelimiterIterator.ALPHA;
    private static final byte ALPHANUM = (byte) WordDelimiterIterator.ALPHANUM;

    private static final Pattern TYPE_RULE = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$");

    private final String name;
    private final int flags;
    private final boolean adjustOffsets;
    private final byte[] charTypeTable;
    private final CharArraySet protectedWords;

    public WordDelimiterGraphTokenFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        int f = 0;
        f |= flag(settings, "generate_word_parts", true, WordDelimiterGraphFilter.GENERATE_WORD_PARTS);
        f |= flag(settings, "generate_number_parts", true, WordDelimiterGraphFilter.GENERATE_NUMBER_PARTS);
        f |= flag(settings, "catenate_words", false, WordDelimiterGraphFilter.CATENATE_WORDS);
        f |= flag(settings, "catenate_numbers", false, WordDelimiterGraphFilter.CATENATE_NUMBERS);
        f |= flag(settings, "catenate_all", false, WordDelimiterGraphFilter.CATENATE_ALL);
        f |= flag(settings, "split_on_case_change", true, WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE);
        f |= flag(settings, "preserve_original", false, WordDelimiterGraphFilter.PRESERVE_ORIGINAL);
        f |= flag(settings, "split_on_numerics", true, WordDelimiterGraphFilter.SPLIT_ON_NUMERICS);
        f |= flag(settings, "stem_english_possessive", true, WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE);
        f |= flag(settings, "ignore_keywords", false, WordDelimiterGraphFilter.IGNORE_KEYWORDS);
        this.flags = f;
        this.adjustOffsets = settings.getAsBoolean("adjust_offsets", true);
        List<String> typeRules = Analysis.getWordList(env, settings, "type_table");
        this.charTypeTable = typeRules == null ? WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE : parseTypes(name, typeRules);
        this.protectedWords = Analysis.getWordSet(env, settings, "protected_words");
    }

    private static int flag(Settings settings, String key, boolean defaultValue, int bit) {
        return settings.getAsBoolean(key, defaultValue) ? bit : 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new WordDelimiterGraphFilter(tokenStream, adjustOffsets, charTypeTable, flags, protectedWords);
    }

    @Override
    public TokenFilterFactory getSynonymFilter() {
        throw new IllegalArgumentException("Token filter [" + name + "] cannot be used to parse synonyms");
    }

    /** Rules like {@code "$ => DIGIT"} or {@code "\\u200D => ALPHANUM"} on top of Lucene's default table. */
    static byte[] parseTypes(String filterName, List<String> rules) {
        SortedMap<Character, Byte> overrides = new TreeMap<>();
        for (String rule : rules) {
            Matcher m = TYPE_RULE.matcher(rule);
            if (m.find() == false) {
                throw new IllegalArgumentException("Invalid mapping rule [" + rule + "] in type_table of [" + filterName + "]");
            }
            String lhs = unescape(m.group(1).trim());
            if (lhs.length() != 1) {
                throw new IllegalArgumentException("Invalid mapping rule [" + rule + "] in type_table of [" + filterName
                    + "]: only a single character may be mapped");
            }
            Byte type = typeOf(m.group(2).trim());
            if (type == null) {
                throw new IllegalArgumentException("Invalid mapping rule [" + rule + "] in type_table of [" + filterName
                    + "]: illegal type, expected LOWER, UPPER, ALPHA, DIGIT, ALPHANUM or SUBWORD_DELIM");
            }
            overrides.put(lhs.charAt(0), type);
        }
        byte[] defaults = WordDelimiterIterator.DEFAULT_WORD_DELIM_TABLE;
        int size = Math.max(defaults.length, overrides.isEmpty() ? 0 : overrides.lastKey() + 1);
        byte[] table = new byte[size];
        for (int i = 0; i < size; i++) {
            table[i] = i < defaults.length ? defaults[i] : WordDelimiterIterator.getType(i);
        }
        for (Map.Entry<Character, Byte> e : overrides.entrySet()) {
            table[e.getKey()] = e.getValue();
        }
        return table;
    }

    private static Byte typeOf(String s) {
        switch (s) {
            case "LOWER": return LOWER;
            case "UPPER": return UPPER;
            case "ALPHA": return ALPHA;
            case "DIGIT": return DIGIT;
            case "ALPHANUM": return ALPHANUM;
            case "SUBWORD_DELIM": return SUBWORD_DELIM;
            default: return null;
        }
    }

    static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case '\\': out.append('\\'); break;
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'u':
                        if (i + 4 >= s.length()) {
                            throw new IllegalArgumentException("Invalid escaped char in [" + s + "]");
                        }
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                        break;
                    default: out.append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
