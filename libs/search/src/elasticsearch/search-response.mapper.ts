import type { estypes } from '@elastic/elasticsearch';
import type { SortValue } from '../query/cursor';
import { BEST_MATCH_AGG } from '../query/build-search-request';
import { correctedQuery, DID_YOU_MEAN_SUGGESTER, type TermCorrection } from '../query/did-you-mean';
import { PRICE_BUCKETS } from '../query/facets';
import { hitOnlyValues } from '../query/shown-product';
import { wordClauseName } from '../query/word-tiers';
import type {
  FacetValue,
  PriceBucket,
  PriceStats,
  Relaxed,
  SearchFacets,
  SearchHit,
  SuggestResponse,
} from '../search-response';

/** The fields of a product document that a hit carries (see HIT_SOURCE_FIELDS). */
export interface ProductSource {
  id: string;
  title: string;
  description?: string;
  brand?: string;
  category?: string;
  tags?: string[];
  price?: number;
  currency?: string;
  rating?: number;
  stock?: number;
}

type Hit = estypes.SearchHit<ProductSource>;
type Aggs = Record<string, estypes.AggregationsAggregate> | undefined;

export function toSearchHit(hit: Hit): SearchHit {
  const s = hit._source ?? ({ id: hit._id ?? '', title: '' } satisfies ProductSource);
  const hl = hit.highlight ?? {};
  // A partial word (`lapt`) only matches the n-gram subfield; its highlight stands in for the title's.
  const title = hl.title ?? hl['title.ngram'];
  const shown = hitOnlyValues(s);
  return {
    id: s.id,
    score: typeof hit._score === 'number' ? hit._score : null,
    title: s.title,
    description: s.description ?? null,
    brand: s.brand ?? null,
    category: s.category ?? null,
    tags: s.tags ?? [],
    price: s.price ?? null,
    currency: shown.currency,
    rating: s.rating ?? null,
    stock: shown.stock,
    highlight: { ...(title ? { title } : {}), ...(hl.description ? { description: hl.description } : {}) },
  };
}

/** The words the most relevant hit was not matched by; null when it matched them all or nothing matched. */
export function toRelaxed(best: Hit | undefined, words: readonly string[]): Relaxed | null {
  if (!best || words.length === 0) return null;
  const matched = new Set(matchedQueryNames(best));
  const dropped = words.filter((_, i) => !matched.has(wordClauseName(i)));
  return dropped.length > 0 ? { dropped } : null;
}

/**
 * The named queries a hit matched (Elasticsearch sends a list, or a name → score map when
 * include_named_queries_score is set).
 */
export function matchedQueryNames({ matched_queries: matched }: estypes.SearchHit<unknown>): string[] {
  if (!matched) return [];
  return Array.isArray(matched) ? matched : Object.keys(matched);
}

type Suggest = Record<string, estypes.SearchSuggest[]> | undefined;

/** The corrected query from the did-you-mean suggester (see didYouMeanSuggester). */
export function toDidYouMean(suggest: Suggest, words: readonly string[]): string | null {
  const entries = (suggest?.[DID_YOU_MEAN_SUGGESTER] ?? []) as estypes.SearchTermSuggest[];
  const corrections: TermCorrection[] = entries.flatMap((entry) => {
    const options = Array.isArray(entry.options) ? entry.options : [entry.options];
    const best = options[0];
    return best ? [{ offset: entry.offset, length: entry.length, text: best.text }] : [];
  });
  return correctedQuery(words.join(' '), corrections);
}

/** The most relevant hit: the first one, or the one the best-match aggregation found (build-search-request.ts). */
export function bestMatchOf(hits: Hit[], aggs: Aggs, isFirstHit: boolean): Hit | undefined {
  if (isFirstHit) return hits[0];
  const best = aggs?.[BEST_MATCH_AGG] as { hit?: estypes.AggregationsTopHitsAggregate } | undefined;
  return best?.hit?.hits.hits[0];
}

export function lastSortValues(hits: Hit[]): SortValue[] | undefined {
  return hits.at(-1)?.sort as SortValue[] | undefined;
}

export function toFacets(aggs: Aggs): SearchFacets {
  return {
    category: termsFacet(aggs, 'category'),
    brand: termsFacet(aggs, 'brand'),
    price: priceFacet(aggs),
    priceStats: priceStats(aggs),
  };
}

function priceStats(aggs: Aggs): PriceStats | null {
  const stats = (aggs?.price as { stats?: estypes.AggregationsStatsAggregate } | undefined)?.stats;
  if (!stats || stats.count === 0 || stats.min === null || stats.max === null) return null;
  return { min: stats.min, max: stats.max, avg: stats.avg ?? 0, sum: stats.sum };
}

function termsFacet(aggs: Aggs, name: string): FacetValue[] {
  const values = (aggs?.[name] as { values?: estypes.AggregationsStringTermsAggregate } | undefined)?.values;
  const buckets = (values?.buckets ?? []) as estypes.AggregationsStringTermsBucket[];
  return buckets.map((b) => ({ value: String(b.key), count: b.doc_count }));
}

function priceFacet(aggs: Aggs): PriceBucket[] {
  const values = (aggs?.price as { values?: estypes.AggregationsRangeAggregate } | undefined)?.values;
  const buckets = (values?.buckets ?? []) as estypes.AggregationsRangeBucket[];
  // Report the configured bounds rather than ES's float rendering of them.
  return PRICE_BUCKETS.map((bounds, i) => ({
    from: bounds.from,
    to: bounds.to ?? null,
    count: buckets[i]?.doc_count ?? 0,
  }));
}

export function toSuggestions(
  hits: estypes.SearchHit<{ id: string; title: string }>[],
  aggs: Aggs,
  size: number,
): SuggestResponse {
  const brandValues = (aggs?.brands as { values?: estypes.AggregationsStringTermsAggregate } | undefined)
    ?.values;
  const brandBuckets = (brandValues?.buckets ?? []) as estypes.AggregationsStringTermsBucket[];
  const brands = brandBuckets.map((b) => ({ text: String(b.key), type: 'brand' as const }));
  const titles = hits.map((h) => ({
    text: h._source?.title ?? '',
    type: 'title' as const,
    id: h._source?.id ?? h._id,
  }));
  // Brands first but never more than half the list, so titles are always offered too.
  const brandShare = titles.length > 0 ? Math.ceil(size / 2) : size;
  const picked = [...brands.slice(0, brandShare), ...titles];
  return { suggestions: picked.slice(0, size) };
}
