package localcompat.es.analysis;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Token filters {@code synonym_graph} (SynonymGraphFilter, for search-time analyzers) and {@code synonym}
 * (Lucene's older SynonymFilter, index-time use): {@code synonyms} (inline rules) or {@code synonyms_path} (relative to the config
 * dir), {@code expand} true, {@code lenient} false, {@code format} solr|wordnet, {@code updateable} false.
 * <p>
 * Like Elasticsearch, the rules are analysed with the analysis chain that precedes this filter: the analyzer's
 * char filters, its tokenizer and the {@link TokenFilterFactory#getSynonymFilter()} form of each earlier filter.
 * The unspecialised factory therefore cannot create streams; the registry calls
 * {@link #getChainAwareTokenFilterFactory} while building each custom analyzer.
 */
public final class SynonymTokenFilterFactory implements TokenFilterFactory {

    private static final Logger LOGGER = LogManager.getLogger(SynonymTokenFilterFactory.class);

    private final boolean graph;
    private final String name;
    private final Environment env;
    private final Settings settings;
    private final boolean expand;
    private final boolean lenient;
    private final String format;
    private final AnalysisMode analysisMode;

    /** {@code synonym_graph} */
    public static SynonymTokenFilterFactory graph(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        return new SynonymTokenFilterFactory(true, env, name, settings);
    }

    /** {@code synonym} */
    public static SynonymTokenFilterFactory flat(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        return new SynonymTokenFilterFactory(false, env, name, settings);
    }

    private SynonymTokenFilterFactory(boolean graph, Environment env, String name, Settings settings) {
        this.graph = graph;
        this.name = name;
        this.env = env;
        this.settings = settings;
        this.expand = settings.getAsBoolean("expand", true);
        this.lenient = settings.getAsBoolean("lenient", false);
        this.format = settings.get("format", "");
        if (format.isEmpty() == false && "solr".equalsIgnoreCase(format) == false && "wordnet".equalsIgnoreCase(format) == false) {
            throw new IllegalArgumentException("Invalid synonym format [" + format + "] for [" + name + "], expected solr or wordnet");
        }
        this.analysisMode = settings.getAsBoolean("updateable", false) ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
        if (settings.get("synonyms_set") != null) {
            throw new IllegalArgumentException("[" + name + "]: synonyms_set (synonyms API) is not supported by the local-compat "
                + "plugin; use synonyms or synonyms_path");
        }
        if (settings.getAsList("synonyms", null) == null && settings.get("synonyms_path") == null) {
            throw new IllegalArgumentException("synonym requires either `synonyms`, `synonyms_set` or `synonyms_path` to be configured");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        throw new IllegalStateException("Call getChainAwareTokenFilterFactory to specialize this factory for an analysis chain first");
    }

    @Override
    public AnalysisMode getAnalysisMode() {
        return analysisMode;
    }

    @Override
    public String getResourceName() {
        return settings.get("synonyms_path");
    }

    @Override
    public TokenFilterFactory getChainAwareTokenFilterFactory(
        IndexCreationContext context,
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previousTokenFilters,
        Function<String, TokenFilterFactory> allFilters
    ) {
        List<TokenFilterFactory> synonymFilters = new ArrayList<>();
        for (TokenFilterFactory previous : previousTokenFilters) {
            TokenFilterFactory forSynonyms = previous.getSynonymFilter(); // throws for filters that refuse the role
            if (forSynonyms != IDENTITY_FILTER) {
                synonymFilters.add(forSynonyms);
            }
        }
        Analyzer ruleAnalyzer = new ChainAnalyzer(tokenizer, charFilters, synonymFilters);
        SynonymMap map = buildSynonyms(ruleAnalyzer);
        return new Specialized(graph, name, map, analysisMode, getResourceName());
    }

    SynonymMap buildSynonyms(Analyzer ruleAnalyzer) {
        try (Reader rules = rulesReader()) {
            SynonymMap.Parser parser = "wordnet".equalsIgnoreCase(format)
                ? new LenientWordnetParser(expand, lenient, ruleAnalyzer)
                : new LenientSolrParser(expand, lenient, ruleAnalyzer);
            parser.parse(rules);
            return parser.build();
        } catch (ParseException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("failed to build synonyms", e);
        }
    }

    private Reader rulesReader() {
        if (settings.getAsList("synonyms", null) != null) {
            StringBuilder sb = new StringBuilder();
            for (String rule : settings.getAsList("synonyms")) {
                sb.append(rule).append('\n');
            }
            return new StringReader(sb.toString());
        }
        // read by the server's helper (resolves against the config dir, runs with the server's file entitlements)
        return Analysis.getReaderFromFile(env, settings.get("synonyms_path"), "synonyms");
    }

    /** The factory bound to one analysis chain. */
    private static final class Specialized implements TokenFilterFactory {
        private final boolean graph;
        private final String name;
        private final SynonymMap map;
        private final AnalysisMode mode;
        private final String resource;

        Specialized(boolean graph, String name, SynonymMap map, AnalysisMode mode, String resource) {
            this.graph = graph;
            this.name = name;
            this.map = map;
            this.mode = mode;
            this.resource = resource;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        @SuppressWarnings("deprecation") // SynonymFilter: what the `synonym` type has always used
        public TokenStream create(TokenStream tokenStream) {
            // an empty rule set leaves the stream alone (the synonym filters need an FST)
            if (map.fst == null) {
                return tokenStream;
            }
            return graph ? new SynonymGraphFilter(tokenStream, map, false) : new SynonymFilter(tokenStream, map, false);
        }

        @Override
        public TokenFilterFactory getSynonymFilter() {
            // a later synonym filter parses its rules without this one
            return IDENTITY_FILTER;
        }

        @Override
        public AnalysisMode getAnalysisMode() {
            return mode;
        }

        @Override
        public String getResourceName() {
            return resource;
        }
    }

    /** tokenizer + char filters + filters, used only to analyse synonym rules. */
    private static final class ChainAnalyzer extends Analyzer {
        private final TokenizerFactory tokenizer;
        private final List<CharFilterFactory> charFilters;
        private final List<TokenFilterFactory> filters;

        ChainAnalyzer(TokenizerFactory tokenizer, List<CharFilterFactory> charFilters, List<TokenFilterFactory> filters) {
            this.tokenizer = tokenizer;
            this.charFilters = charFilters;
            this.filters = filters;
        }

        @Override
        protected Reader initReader(String fieldName, Reader reader) {
            Reader r = reader;
            for (CharFilterFactory cf : charFilters) {
                r = cf.create(r);
            }
            return r;
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = tokenizer.create();
            TokenStream ts = source;
            for (TokenFilterFactory f : filters) {
                ts = f.create(ts);
            }
            return new TokenStreamComponents(source, ts);
        }
    }

    /** lenient=true skips rules that fail to analyse (e.g. a term that is entirely a stop word) instead of failing. */
    private static final class LenientSolrParser extends SolrSynonymParser {
        private final boolean lenient;

        LenientSolrParser(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (lenient == false || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (lenient == false) {
                    throw e;
                }
                LOGGER.info("synonym rule term [{}] skipped (lenient): {}", text, e.getMessage());
                reuse.clear();
                return reuse.get();
            }
        }
    }

    private static final class LenientWordnetParser extends WordnetSynonymParser {
        private final boolean lenient;

        LenientWordnetParser(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (lenient == false || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            try {
                return super.analyze(text, reuse);
            } catch (IllegalArgumentException e) {
                if (lenient == false) {
                    throw e;
                }
                LOGGER.info("synonym rule term [{}] skipped (lenient): {}", text, e.getMessage());
                reuse.clear();
                return reuse.get();
            }
        }
    }
}
