package localcompat.es.analysis;

import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.AnalyzerScope;

/**
 * Analyzer {@code english}: Lucene's EnglishAnalyzer. {@code stopwords} (default {@code _english_}; also
 * {@code _none_}, a list, or {@code stopwords_path}) and {@code stem_exclusion} (list, default empty).
 */
public final class EnglishAnalyzerProvider implements AnalyzerProvider<EnglishAnalyzer> {

    private final String name;
    private final EnglishAnalyzer analyzer;

    public EnglishAnalyzerProvider(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        this.name = name;
        CharArraySet stopWords = Analysis.parseStopWords(env, settings, EnglishAnalyzer.getDefaultStopSet());
        CharArraySet stemExclusion = Analysis.parseStemExclusion(settings, CharArraySet.EMPTY_SET);
        this.analyzer = new EnglishAnalyzer(stopWords, stemExclusion);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AnalyzerScope scope() {
        return AnalyzerScope.INDEX;
    }

    @Override
    public EnglishAnalyzer get() {
        return analyzer;
    }
}
