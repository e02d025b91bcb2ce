import type { estypes } from '@elastic/elasticsearch';
import { buildSearchRequest } from './build-search-request';
import { buildFilters, facetFilters } from './filters';
import type { TermsFacet } from './listing-patch';
import type { RelevanceTuning } from './relevance-tuning';
import type { SearchParams } from './search-params';

type Query = estypes.QueryDslQueryContainer;

/** What one listing asks of the product, each a filter over the product (its query matched). */
export const PROBE_FILTERS = ['hit', 'category', 'brand', 'price', 'now'] as const;
export type ProbeFilter = (typeof PROBE_FILTERS)[number];

/**
 * One listing's search with its availability filter left out, split into what listings of one
 * text share (the query: text and query filters) and what is its own: its sort, and the filters
 * telling whether the product is a hit (post filter), counts in each facet (every facetable filter
 * but the facet's own) and passes the availability filter now.
 */
export interface ListingProbe {
  readonly query: Query;
  readonly sort: estypes.SortCombinations[];
  readonly filters: Readonly<Record<ProbeFilter, Query>>;
}

export function listingProbe(params: SearchParams, tuning?: RelevanceTuning): ListingProbe {
  const { body } = buildSearchRequest(
    { ...params, inStock: undefined, page: 1, size: 1, cursor: undefined },
    { withHighlight: false, withFacets: false, tuning },
  );
  const filters = buildFilters(params);
  const all = (clauses: Query[]): Query => ({ bool: { filter: clauses } });
  return {
    query: body.query as Query,
    sort: body.sort as estypes.SortCombinations[],
    filters: {
      hit: all(facetFilters(filters)),
      category: all(facetFilters(filters, 'category')),
      brand: all(facetFilters(filters, 'brand')),
      price: all(facetFilters(filters, 'price')),
      now: all(buildFilters({ ...params, tags: [] }).always),
    },
  };
}

/** The fields a listing's facets and sorts read, as doc values (the values they sort and count). */
export const PROBE_FIELDS = [
  'id',
  'category.keyword',
  'brand.keyword',
  'price',
  'rating',
  'createdAt',
] as const;

export const PROBE_AGG = 'probe';

/** A group's request, and where each listing's filters are answered in its `probe` aggregation. */
export interface GroupRequest {
  readonly request: Omit<estypes.SearchRequest, 'index'>;
  /** Per listing, per filter: the name of the bucket answering it. */
  readonly buckets: readonly Readonly<Record<ProbeFilter, string>>[];
}

/** The aggregation over the product alone, holding PROBE_AGG (other hits are only scored). */
export const PRODUCT_AGG = 'product';

/**
 * The searches of listings sharing one query, narrowed to one product, as one request: its hit
 * (score, matched words, the sort and facet fields' doc values) and one `filters` aggregation with
 * the listings' distinct filters (listings of one text mostly repeat each other's), over the product
 * alone. `scored` products (the pages' last hits of listings sorted by score) come back as hits
 * too, scored by the same query at the same index state. The query's clauses (typo automata above
 * all) are built once for all, and no facet, sort or hit is computed per listing. No fetch of the
 * source, no highlight, no suggester.
 */
export function contributionRequest(
  probes: readonly ListingProbe[],
  productId: string,
  scored: readonly string[] = [],
): GroupRequest {
  const scoring = (probes[0].query as { bool: estypes.QueryDslBoolQuery }).bool;
  const filters: Record<string, Query> = {};
  const names = new Map<string, string>();
  const bucketOf = (filter: Query): string => {
    const key = JSON.stringify(filter);
    let name = names.get(key);
    if (name === undefined) {
      name = String(names.size);
      names.set(key, name);
      filters[name] = filter;
    }
    return name;
  };
  const buckets = probes.map(
    (probe) =>
      Object.fromEntries(PROBE_FILTERS.map((filter) => [filter, bucketOf(probe.filters[filter])])) as Record<
        ProbeFilter,
        string
      >,
  );
  const ids = [productId, ...scored.filter((id) => id !== productId)];
  return {
    request: {
      query: { bool: { ...scoring, filter: [...asList(scoring.filter), { ids: { values: ids } }] } },
      size: ids.length,
      _source: false,
      track_total_hits: false,
      docvalue_fields: PROBE_FIELDS.map((field) =>
        field === 'createdAt' ? { field, format: 'epoch_millis' } : { field },
      ),
      aggs: {
        [PRODUCT_AGG]: {
          filter: { ids: { values: [productId] } },
          aggs: { [PROBE_AGG]: { filters: { filters } } },
        },
      },
    },
    buckets,
  };
}

/**
 * How many products one bucket of a listing's terms facet counts now: the listing's query (with its
 * typo clauses: they decide what matches), its availability filter and the facet's filters,
 * narrowed to the bucket's term. The term leads the conjunction, so the text is matched only
 * within that bucket.
 */
export function bucketCountRequest(
  probe: ListingProbe,
  facet: TermsFacet,
  key: string,
): Omit<estypes.SearchRequest, 'index'> {
  return {
    query: {
      bool: {
        filter: [
          probe.query,
          probe.filters.now,
          probe.filters[facet],
          { term: { [`${facet}.keyword`]: key } },
        ],
      },
    },
    size: 0,
    track_total_hits: true,
  };
}

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
