import { errors, type estypes } from '@elastic/elasticsearch';
import { Injectable, Logger } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';
import { SearchError } from '../search-error';
import { CatalogSynonyms } from '../synonyms.port';
import { ADMIN_REQUEST } from './admin-request';
import { ProductIndexAdmin } from './product-index.admin';
import { SYNONYM_FILTER } from './products.mapping';

const SETTING = `index.analysis.filter.${SYNONYM_FILTER}.synonyms`;

/**
 * Synonym rules in the products index's settings. Analysis settings cannot change on an open
 * index; `reopen=true` has Elasticsearch close, update and reopen it in one call (the shard is
 * away for a moment, searches in that moment fail), and rejects a bad rule without closing it.
 */
@Injectable()
export class ElasticsearchSynonyms extends CatalogSynonyms {
  private readonly logger = new Logger('Synonyms');

  constructor(
    private readonly es: ElasticsearchService,
    private readonly admin: ProductIndexAdmin,
  ) {
    super();
  }

  async get(): Promise<string[]> {
    return synonymsIn(await this.settings());
  }

  async replace(rules: readonly string[]): Promise<string[]> {
    // An index created before managed synonyms has no such filter to update: a rebuild gives it one.
    const flat = Object.values(await this.settings())[0]?.settings ?? {};
    if (!(`index.analysis.filter.${SYNONYM_FILTER}.type` in flat)) {
      throw new SearchError(
        'index_outdated',
        'the products index predates managed synonyms; run `cli reindex` first',
      );
    }
    await this.validate(rules);
    const indices = await this.admin.physicalIndices();
    await this.es.indices.putSettings(
      { index: indices, reopen: true, settings: { [SETTING]: [...rules] } },
      ADMIN_REQUEST,
    );
    // Searchable again before we return, so the caller's next search sees the new rules.
    await this.es.cluster.health(
      { index: indices, wait_for_status: 'yellow', timeout: '30s' },
      ADMIN_REQUEST,
    );
    this.logger.log({ event: 'synonyms.replaced', rules: rules.length, indices }, 'synonyms replaced');
    return [...rules];
  }

  private settings(): Promise<Record<string, { settings?: Record<string, unknown> }>> {
    return this.es.indices.getSettings({ index: this.admin.alias, flat_settings: true });
  }

  // The rules parsed the way the search analyzer will parse them, without touching the index.
  private async validate(rules: readonly string[]): Promise<void> {
    try {
      await this.es.indices.analyze(
        {
          tokenizer: 'standard',
          filter: [
            { type: 'stemmer', language: 'possessive_english' },
            'lowercase',
            'asciifolding',
            { type: 'synonym_graph', synonyms: [...rules] },
          ],
          text: 'validate',
        },
        ADMIN_REQUEST,
      );
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 400) {
        throw new SearchError('invalid_synonyms', `invalid synonym rules: ${rootReason(error)}`);
      }
      throw error;
    }
  }
}

/** The rules stored on the (first) physical index behind the alias; flat settings list them as key.N. */
export function synonymsIn(settings: Record<string, { settings?: Record<string, unknown> }>): string[] {
  const flat = Object.values(settings)[0]?.settings ?? {};
  const list = flat[SETTING];
  if (Array.isArray(list)) return list.map(String);
  return Object.keys(flat)
    .filter((key) => key.startsWith(`${SETTING}.`))
    .sort((a, b) => Number(a.slice(SETTING.length + 1)) - Number(b.slice(SETTING.length + 1)))
    .map((key) => String(flat[key]));
}

// "failed to build synonyms" says little; the innermost cause names the rule's problem.
function rootReason(error: errors.ResponseError): string {
  let cause = (error.body as { error?: Cause } | undefined)?.error;
  const reasons: string[] = [];
  while (cause) {
    if (cause.reason) reasons.push(cause.reason);
    cause = cause.caused_by;
  }
  return reasons.slice(-2).join(': ') || 'rejected by Elasticsearch';
}

interface Cause {
  reason?: string;
  caused_by?: Cause;
}

/** Index settings with the given rules in the managed synonym filter. */
export function withSynonyms(
  settings: estypes.IndicesIndexSettings,
  rules: readonly string[],
): estypes.IndicesIndexSettings {
  const analysis = settings.analysis ?? {};
  const filters = analysis.filter ?? {};
  const current = filters[SYNONYM_FILTER] as estypes.AnalysisSynonymGraphTokenFilter;
  return {
    ...settings,
    analysis: { ...analysis, filter: { ...filters, [SYNONYM_FILTER]: { ...current, synonyms: [...rules] } } },
  };
}
