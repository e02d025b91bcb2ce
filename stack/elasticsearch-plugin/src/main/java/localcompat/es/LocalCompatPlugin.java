package localcompat.es;

import localcompat.es.analysis.AsciiFoldingTokenFilterFactory;
import localcompat.es.analysis.EdgeNGramTokenFilterFactory;
import localcompat.es.analysis.EdgeNGramTokenizerFactory;
import localcompat.es.analysis.EnglishAnalyzerProvider;
import localcompat.es.analysis.FlattenGraphTokenFilterFactory;
import localcompat.es.analysis.MappingCharFilterFactory;
import localcompat.es.analysis.PatternReplaceCharFilterFactory;
import localcompat.es.analysis.PatternReplaceTokenFilterFactory;
import localcompat.es.analysis.KeywordTokenizerFactory;
import localcompat.es.analysis.StemmerTokenFilterFactory;
import localcompat.es.analysis.HtmlStripCharFilterFactory;
import localcompat.es.analysis.NGramTokenFilterFactory;
import localcompat.es.analysis.NGramTokenizerFactory;
import localcompat.es.analysis.PatternCaptureTokenFilterFactory;
import localcompat.es.analysis.SynonymTokenFilterFactory;
import localcompat.es.analysis.TrimTokenFilterFactory;
import localcompat.es.analysis.UaxUrlEmailTokenizerFactory;
import localcompat.es.analysis.UniqueTokenFilterFactory;
import localcompat.es.analysis.WhitespaceTokenizerFactory;
import localcompat.es.analysis.WordDelimiterGraphTokenFilterFactory;
import localcompat.es.rest.RootInfoRestHandler;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.PreBuiltAnalyzerProviderFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.indices.analysis.PreBuiltCacheFactory.CachingStrategy;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Stand-in for the pieces of Elasticsearch's {@code analysis-common} and {@code rest-root} modules that the
 * integ-test-zip distribution does not ship. Components are registered under Elasticsearch's own names with
 * the same parameters and defaults, built on Lucene's classes from the distribution's lib/.
 */
public class LocalCompatPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    /** Filled by {@link #createComponents}; read by the REST handler for cluster name/uuid. */
    private final AtomicReference<ClusterService> clusterService = new AtomicReference<>();

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService.set(services.clusterService());
        return List.of();
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> m = new TreeMap<>();
        m.put("english", EnglishAnalyzerProvider::new);
        return m;
    }

    @Override
    public List<PreBuiltAnalyzerProviderFactory> getPreBuiltAnalyzerProviderFactories() {
        // lets mappings say "analyzer": "english" without defining it in the index settings
        return List.of(new PreBuiltAnalyzerProviderFactory("english", CachingStrategy.LUCENE, EnglishAnalyzer::new));
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> m = new TreeMap<>();
        m.put("stemmer", StemmerTokenFilterFactory::new);
        m.put("porter_stem", (is, env, name, s) -> StemmerTokenFilterFactory.porterStem(name));
        m.put("asciifolding", AsciiFoldingTokenFilterFactory::new);
        m.put("edge_ngram", EdgeNGramTokenFilterFactory::new);
        m.put("word_delimiter_graph", WordDelimiterGraphTokenFilterFactory::new);
        m.put("synonym_graph", AnalysisPlugin.requiresAnalysisSettings(SynonymTokenFilterFactory::graph));
        m.put("synonym", AnalysisPlugin.requiresAnalysisSettings(SynonymTokenFilterFactory::flat));
        m.put("ngram", NGramTokenFilterFactory::new);
        m.put("trim", TrimTokenFilterFactory::new);
        m.put("flatten_graph", FlattenGraphTokenFilterFactory::new);
        m.put("pattern_replace", AnalysisPlugin.requiresAnalysisSettings(PatternReplaceTokenFilterFactory::new));
        // the .security index (API keys, users) analyzes e-mail addresses with these
        m.put("pattern_capture", AnalysisPlugin.requiresAnalysisSettings(PatternCaptureTokenFilterFactory::new));
        m.put("unique", UniqueTokenFilterFactory::new);
        return m;
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> m = new TreeMap<>();
        m.put("edge_ngram", EdgeNGramTokenizerFactory::new);
        m.put("whitespace", WhitespaceTokenizerFactory::new);
        m.put("keyword", KeywordTokenizerFactory::new);
        m.put("ngram", NGramTokenizerFactory::new);
        m.put("uax_url_email", UaxUrlEmailTokenizerFactory::new);
        return m;
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        Map<String, AnalysisProvider<CharFilterFactory>> m = new TreeMap<>();
        m.put("html_strip", HtmlStripCharFilterFactory::new);
        m.put("pattern_replace", AnalysisPlugin.requiresAnalysisSettings(PatternReplaceCharFilterFactory::new));
        m.put("mapping", AnalysisPlugin.requiresAnalysisSettings(MappingCharFilterFactory::new));
        return m;
    }

    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings,
        NamedWriteableRegistry namedWriteableRegistry,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new RootInfoRestHandler(settings, clusterService::get));
    }
}
