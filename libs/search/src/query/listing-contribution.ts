import type { estypes } from '@elastic/elasticsearch';
import { BEST_MATCH_AGG, buildSearchRequest } from './build-search-request';
import { buildFilters } from './filters';
import type { RelevanceTuning } from './relevance-tuning';
import type { SearchParams } from './search-params';

/** The aggregation telling whether the product passes the listing's availability filter now. */
export const IN_LISTING_NOW_AGG = 'in_listing_now';

/**
 * The listing's own search narrowed to one product, with its availability filter left out: the
 * product's hit (sort values and matched words) if it passes every other filter and the text, and
 * the facet buckets it counts in; plus whether it passes the availability filter now. No fetch,
 * no highlight, no suggester: a search over one document.
 */
export function contributionRequest(
  params: SearchParams,
  productId: string,
  tuning?: RelevanceTuning,
): Omit<estypes.SearchRequest, 'index'> {
  const { body } = buildSearchRequest(
    { ...params, inStock: undefined, page: 1, size: 1, cursor: undefined },
    { withHighlight: false, tuning },
  );
  const scoring = (body.query as { bool: estypes.QueryDslBoolQuery }).bool;
  const filter = [...asList(scoring.filter), { ids: { values: [productId] } }];
  const { [BEST_MATCH_AGG]: _bestMatch, ...facets } = body.aggs ?? {};
  const availability = buildFilters({ ...params, tags: [] }).always;
  return {
    ...body,
    query: { bool: { ...scoring, filter } },
    suggest: undefined,
    _source: false,
    track_total_hits: false,
    aggs: {
      ...facets,
      [IN_LISTING_NOW_AGG]: { filter: { bool: { filter: availability } } },
    },
  };
}

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
