import { HIT_SOURCE_FIELDS, SEARCH_LIMITS, type FacetValue, type SearchHit } from '@app/search';
import type { CacheState } from '@app/cache';
import type { SearchBody } from '../search/search-response.dto';
import { highlightOf, highlightWhole, type HighlightResult, snippetOf } from './algolia-highlight';
import type { AlgoliaView } from './algolia-params';

/** How this query was answered: an extension of Algolia's result (its clients ignore it). */
export interface AlgoliaCacheInfo {
  status: CacheState;
  /** Age of the cached answer; 0 when it was just loaded. */
  ageMS: number;
}

export interface AlgoliaHit extends Record<string, unknown> {
  objectID: string;
  _highlightResult?: Record<string, HighlightResult>;
  _snippetResult?: Record<string, HighlightResult>;
}

export interface AlgoliaResult {
  hits: AlgoliaHit[];
  nbHits: number;
  page: number;
  nbPages: number;
  hitsPerPage: number;
  facets: Record<string, Record<string, number>>;
  facets_stats: Record<string, { min: number; max: number; avg: number; sum: number }>;
  exhaustiveFacetsCount: boolean;
  exhaustiveNbHits: boolean;
  exhaustive: { facetsCount: boolean; nbHits: boolean };
  processingTimeMS: number;
  query: string;
  params: string;
  index: string;
  renderingContent: Record<string, never>;
  cache: AlgoliaCacheInfo;
}

/** Facets our engine counts, as Algolia attributes; `*` asks for all of them. */
const TERM_FACETS = ['category', 'brand'] as const;
const ALL_FACETS = [...TERM_FACETS, 'price'];
/** The attributes a hit carries: what a search hit carries, the id aside (it is the objectID). */
const ATTRIBUTES = HIT_SOURCE_FIELDS.filter((field) => field !== 'id');

export function algoliaResult(
  body: SearchBody,
  view: AlgoliaView,
  processingTimeMS: number,
  cache: AlgoliaCacheInfo,
): AlgoliaResult {
  const nbHits = body.total.value;
  const exact = body.total.relation === 'eq';
  const { hitsPerPage } = view;
  const reachable = hitsPerPage === 0 ? 0 : Math.floor(SEARCH_LIMITS.maxWindow / hitsPerPage);
  const queryWords = view.query.split(/\s+/).filter(Boolean).length;
  return {
    hits: hitsPerPage === 0 ? [] : body.hits.map((hit) => algoliaHit(hit, view, queryWords)),
    nbHits,
    page: view.page,
    nbPages: hitsPerPage === 0 ? 0 : Math.min(Math.ceil(nbHits / hitsPerPage), reachable),
    hitsPerPage,
    ...facetsOf(body, view),
    exhaustiveFacetsCount: true,
    exhaustiveNbHits: exact,
    exhaustive: { facetsCount: true, nbHits: exact },
    processingTimeMS,
    query: view.query,
    params: view.params,
    index: view.indexName,
    renderingContent: {},
    cache,
  };
}

function facetsOf(body: SearchBody, view: AlgoliaView): Pick<AlgoliaResult, 'facets' | 'facets_stats'> {
  const wanted = new Set(view.facets.includes('*') ? ALL_FACETS : view.facets);
  const facets: AlgoliaResult['facets'] = {};
  for (const name of TERM_FACETS) {
    if (wanted.has(name)) facets[name] = counts(body.facets[name], view.maxValuesPerFacet);
  }
  const stats: AlgoliaResult['facets_stats'] = {};
  // Prices are counted in ranges, not per value: the facet carries no values, only its stats
  // (InstantSearch's range widgets read the bounds from facets_stats, for facets present).
  if (wanted.has('price')) {
    facets.price = {};
    if (body.facets.priceStats) stats.price = { ...body.facets.priceStats };
  }
  return { facets, facets_stats: stats };
}

function counts(values: readonly FacetValue[], max: number): Record<string, number> {
  return Object.fromEntries(values.slice(0, max).map((v) => [v.value, v.count]));
}

function algoliaHit(hit: SearchHit, view: AlgoliaView, queryWords: number): AlgoliaHit {
  const tags = { pre: view.highlightPreTag, post: view.highlightPostTag };
  const retrieved = new Set(
    view.attributesToRetrieve === undefined || view.attributesToRetrieve.includes('*')
      ? ATTRIBUTES
      : view.attributesToRetrieve,
  );
  const highlighted = new Set(
    view.attributesToHighlight === undefined || view.attributesToHighlight.includes('*')
      ? ['title', 'description', 'brand', 'category']
      : view.attributesToHighlight,
  );
  const out: AlgoliaHit = { objectID: hit.id };
  const source = hit as unknown as Record<string, unknown>;
  for (const name of ATTRIBUTES) if (retrieved.has(name)) out[name] = source[name];
  const highlights: Record<string, HighlightResult> = {};
  if (highlighted.has('title'))
    highlights.title = highlightOf(hit.title, hit.highlight.title?.[0], queryWords, tags);
  if (highlighted.has('description') && hit.description !== null) {
    highlights.description = highlightWhole(hit.description, hit.highlight.description, queryWords, tags);
  }
  for (const name of ['brand', 'category'] as const) {
    const value = hit[name];
    if (highlighted.has(name) && value !== null)
      highlights[name] = highlightOf(value, undefined, queryWords, tags);
  }
  if (Object.keys(highlights).length > 0) out._highlightResult = highlights;
  if (hit.description !== null && hit.highlight.description) {
    out._snippetResult = {
      description: snippetOf(hit.description, hit.highlight.description, queryWords, tags),
    };
  }
  return out;
}
