import type { estypes } from '@elastic/elasticsearch';
import { SearchError } from '../search-error';
import { didYouMeanSuggester } from './did-you-mean';
import { facetAggregations } from './facets';
import { buildFilters, facetFilters } from './filters';
import { highlightQuery } from './highlight-query';
import { resolvePage, type PageWindow } from './pagination';
import { parseQuery } from './parse-query';
import { queryWords, relevanceQuery, tierWords } from './relevance-query';
import { DEFAULT_TUNING, type RelevanceTuning } from './relevance-tuning';
import type { SearchParams } from './search-params';
import { buildSort } from './sorts';

/** Fields a hit carries back; the rest of the document stays in Elasticsearch. */
export const HIT_SOURCE_FIELDS = [
  'id',
  'title',
  'description',
  'brand',
  'category',
  'tags',
  'price',
  'currency',
  'rating',
  'stock',
];

export interface BuiltSearch {
  body: Omit<estypes.SearchRequest, 'index'>;
  window: PageWindow;
  /** The words ranked by word tiers (index = the number in their clause name); empty otherwise. */
  tierWords: string[];
  /** The most relevant hit is the first one (relevance sort, first page): no aggregation looks for it. */
  bestMatchIsFirstHit: boolean;
}

export interface BuildOptions {
  tuning?: RelevanceTuning;
  /** The harness needs ranked ids only. */
  withFacets?: boolean;
  withHighlight?: boolean;
}

/** The complete search body for one request. Pure: no client, no I/O; throws SearchError on bad input. */
export function buildSearchRequest(params: SearchParams, options: BuildOptions = {}): BuiltSearch {
  if (params.minPrice !== undefined && params.maxPrice !== undefined && params.minPrice > params.maxPrice) {
    throw new SearchError('invalid_price_range', 'minPrice must not be greater than maxPrice');
  }
  const parsed = parseQuery(params.q);
  const hasText = parsed.terms !== '' || parsed.phrases.length > 0;
  const sort = buildSort(params.sort, hasText);
  const window = resolvePage(params, sort.length);
  const filters = buildFilters(params);
  const tuning = options.tuning ?? DEFAULT_TUNING;
  const scoring = relevanceQuery(parsed, tuning);
  const postFilter = facetFilters(filters);
  const counted = tierWords(queryWords(parsed.terms), tuning);
  // Hits are the query within the post filter, like the aggregation's, so on a relevance-sorted
  // first page the first hit is the best match.
  const bestMatchIsFirstHit = params.sort === 'relevance' && window.from === 0 && !window.searchAfter;
  const aggs = {
    ...(options.withFacets === false ? {} : facetAggregations(filters)),
    ...(counted.length > 0 && !bestMatchIsFirstHit ? { [BEST_MATCH_AGG]: bestMatch(postFilter) } : {}),
  };
  const body: BuiltSearch['body'] = {
    query: { bool: { ...scoring, filter: filters.always } },
    post_filter: postFilter.length > 0 ? { bool: { filter: postFilter } } : undefined,
    sort,
    from: window.from,
    size: params.size,
    search_after: window.searchAfter,
    track_scores: hasText,
    _source: HIT_SOURCE_FIELDS,
    aggs: Object.keys(aggs).length > 0 ? aggs : undefined,
    highlight:
      hasText && options.withHighlight !== false
        ? { ...HIGHLIGHT, highlight_query: highlightQuery(parsed, tuning) }
        : undefined,
    suggest: counted.length > 0 ? didYouMeanSuggester(counted.join(' ')) : undefined,
  };
  return { body, window, tierWords: counted, bestMatchIsFirstHit };
}

export const BEST_MATCH_AGG = 'best_match';

// The most relevant hit whatever the sort and page: the words it lacks are the ones the search relaxed.
function bestMatch(postFilter: estypes.QueryDslQueryContainer[]): estypes.AggregationsAggregationContainer {
  return {
    filter: { bool: { filter: postFilter } },
    aggs: { hit: { top_hits: { size: 1, _source: false } } },
  };
}

// encoder html: highlights are meant to be rendered as HTML, so the document's own text is escaped.
// The ngram subfield is highlighted too, because partial words (`lapt`) match only there.
const HIGHLIGHT: estypes.SearchHighlight = {
  pre_tags: ['<em>'],
  post_tags: ['</em>'],
  encoder: 'html',
  require_field_match: false,
  fields: {
    title: { number_of_fragments: 0 },
    'title.ngram': { number_of_fragments: 0 },
    description: { fragment_size: 160, number_of_fragments: 2 },
  },
};
