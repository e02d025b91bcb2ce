import { SEARCH_LIMITS, type SearchSort } from '@app/search';
import { badAlgoliaRequest } from './algolia-error';
import {
  applyFacetFilters,
  applyNumericFilters,
  type FilterList,
  type MappedFilters,
} from './algolia-filters';
import { sortOfIndex } from './algolia-index';

/**
 * Accepted and ignored: parameters that shape only the answer's presentation or feed Algolia's
 * analytics (they change neither which products match nor their order), and matching tweaks whose
 * Algolia default this engine always applies in its own way (typo tolerance, synonyms, plurals,
 * stop words, language settings; every product is one record, so `distinct` changes nothing).
 */
const IGNORED = new Set([
  'analytics',
  'analyticsTags',
  'clickAnalytics',
  'enableABTest',
  'enablePersonalization',
  'enableReRanking',
  'enableRules',
  'getRankingInfo',
  'percentileComputation',
  'personalizationImpact',
  'responseFields',
  'ruleContexts',
  'snippetEllipsisText',
  'attributesToSnippet',
  'restrictHighlightAndSnippetArrays',
  'sortFacetValuesBy',
  'facetingAfterDistinct',
  'userToken',
  'synonyms',
  'typoTolerance',
  'distinct',
  'replaceSynonymsInHighlight',
  'explain',
  'naturalLanguages',
  'queryLanguages',
  'decompoundQuery',
  'removeStopWords',
  'ignorePlurals',
]);

/**
 * Algolia parameters that would change which products match or their order, which our engine
 * cannot do: refused (400), since ignoring them would answer a different question.
 */
const REFUSED = new Set([
  'filters',
  'optionalFilters',
  'tagFilters',
  'sumOrFiltersScores',
  'aroundLatLng',
  'aroundLatLngViaIP',
  'aroundRadius',
  'aroundPrecision',
  'insideBoundingBox',
  'insidePolygon',
  'minimumAroundRadius',
  'offset',
  'length',
  'restrictSearchableAttributes',
  'queryType',
  'removeWordsIfNoResults',
  'advancedSyntax',
  'advancedSyntaxFeatures',
  'optionalWords',
  'disableExactOnAttributes',
  'exactOnSingleWordQuery',
  'alternativesAsExact',
  'minWordSizefor1Typo',
  'minWordSizefor2Typos',
  'allowTyposOnNumericTokens',
  'disableTypoToleranceOnAttributes',
  'minProximity',
  'similarQuery',
  'relevancyStrictness',
  'mode',
  'semanticSearch',
  'reRankingApplyFilter',
  'attributeCriteriaComputedByMinProximity',
  'customRanking',
  'ranking',
]);

const PARSED = new Set([
  'indexName',
  'type',
  'params',
  'query',
  'page',
  'hitsPerPage',
  'facets',
  'facetFilters',
  'numericFilters',
  'maxValuesPerFacet',
  'highlightPreTag',
  'highlightPostTag',
  'attributesToRetrieve',
  'attributesToHighlight',
]);

/** Parameters whose empty value means "none": harmless whatever they are. */
const EMPTY_OK = new Set(['filters', 'tagFilters', 'optionalFilters', 'numericFilters', 'facetFilters']);

/** A `GET /search` query, before validation: the DTO's pipe makes it canonical. */
export interface SearchQueryInput extends MappedFilters {
  q: string;
  sort: SearchSort;
  page: number;
  size: number;
}

/** What only the Algolia answer needs. */
export interface AlgoliaView {
  indexName: string;
  query: string;
  page: number;
  hitsPerPage: number;
  /** `*` for every facet. */
  facets: readonly string[];
  maxValuesPerFacet: number;
  highlightPreTag: string;
  highlightPostTag: string;
  /** undefined: every attribute. */
  attributesToRetrieve?: readonly string[];
  attributesToHighlight?: readonly string[];
  /** The parameters as Algolia echoes them back (`params`). */
  params: string;
}

export interface AlgoliaQuery {
  search: SearchQueryInput;
  view: AlgoliaView;
}

const DEFAULT_HITS_PER_PAGE = 20;
const DEFAULT_MAX_VALUES_PER_FACET = 100;

/**
 * One entry of `requests` → our search query and the answer's presentation. Parameters come as
 * JSON fields (algoliasearch v5) and/or a url-encoded `params` string (v4 and older clients; its
 * values are strings, lists as JSON); fields win over the string.
 */
export function parseAlgoliaRequest(raw: unknown, position: number): AlgoliaQuery {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw badAlgoliaRequest(`requests[${position}] must be an object`);
  }
  const fields = raw as Record<string, unknown>;
  const all: Record<string, unknown> = { ...fromParamsString(fields.params), ...fields };
  delete all.params;
  const indexName = all.indexName;
  if (typeof indexName !== 'string' || indexName === '') {
    throw badAlgoliaRequest(`requests[${position}].indexName is required`);
  }
  const sort = sortOfIndex(indexName);
  if (all.type !== undefined && all.type !== 'default') {
    throw badAlgoliaRequest(
      `type ${JSON.stringify(all.type)} is not supported (only "default", a search for hits)`,
      'unsupported_parameter',
    );
  }
  for (const name of Object.keys(all)) checkKnown(name, all[name]);

  const query = stringParam(all, 'query') ?? '';
  const page = intParam(all, 'page', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const hitsPerPage = intParam(all, 'hitsPerPage', 0, SEARCH_LIMITS.sizeMax) ?? DEFAULT_HITS_PER_PAGE;
  const filters: MappedFilters = { tags: [] };
  applyFacetFilters(filterList(all, 'facetFilters'), filters);
  applyNumericFilters(filterList(all, 'numericFilters'), filters);
  if (
    filters.minPrice !== undefined &&
    filters.maxPrice !== undefined &&
    filters.minPrice > filters.maxPrice
  ) {
    throw badAlgoliaRequest('numericFilters: the price bounds exclude every product');
  }
  const view: AlgoliaView = {
    indexName,
    query,
    page,
    hitsPerPage,
    facets: stringList(all, 'facets') ?? [],
    maxValuesPerFacet:
      intParam(all, 'maxValuesPerFacet', 0, Number.MAX_SAFE_INTEGER) ?? DEFAULT_MAX_VALUES_PER_FACET,
    highlightPreTag: stringParam(all, 'highlightPreTag') ?? '<em>',
    highlightPostTag: stringParam(all, 'highlightPostTag') ?? '</em>',
    attributesToRetrieve: stringList(all, 'attributesToRetrieve'),
    attributesToHighlight: stringList(all, 'attributesToHighlight'),
    params: echoParams(all),
  };
  // hitsPerPage 0 (facet counts only, as InstantSearch asks for disjunctive facets) runs as the
  // smallest page; its hits are dropped from the answer.
  const search: SearchQueryInput = {
    q: query,
    sort,
    page: page + 1,
    size: Math.max(1, hitsPerPage),
    ...filters,
  };
  return { search, view };
}

function checkKnown(name: string, value: unknown): void {
  if (PARSED.has(name) || IGNORED.has(name)) return;
  if (EMPTY_OK.has(name) && isEmpty(value)) return;
  if (REFUSED.has(name)) {
    throw badAlgoliaRequest(`Parameter ${name} is not supported by this service`, 'unsupported_parameter');
  }
  throw badAlgoliaRequest(`Unknown parameter: ${name}`, 'unknown_parameter');
}

function isEmpty(value: unknown): boolean {
  return value === '' || value === null || (Array.isArray(value) && value.every(isEmpty));
}

function fromParamsString(params: unknown): Record<string, unknown> {
  if (params === undefined) return {};
  if (typeof params !== 'string') throw badAlgoliaRequest('params must be a url-encoded string');
  const out: Record<string, unknown> = {};
  for (const [name, value] of new URLSearchParams(params)) out[name] = value;
  return out;
}

function stringParam(all: Record<string, unknown>, name: string): string | undefined {
  const value = all[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badAlgoliaRequest(`${name} must be a string`);
  return value;
}

function intParam(all: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  let value = all[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) value = Number(value);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badAlgoliaRequest(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** A list given as an array, a JSON array in a string, or a comma-separated string. */
function stringList(all: Record<string, unknown>, name: string): string[] | undefined {
  const value = listValue(all[name], name);
  if (value === undefined) return undefined;
  if (!value.every((v): v is string => typeof v === 'string')) {
    throw badAlgoliaRequest(`${name} must be a list of strings`);
  }
  return value;
}

function filterList(all: Record<string, unknown>, name: string): FilterList {
  const value = listValue(all[name], name) ?? [];
  const valid = value.every(
    (entry) =>
      typeof entry === 'string' || (Array.isArray(entry) && entry.every((v) => typeof v === 'string')),
  );
  if (!valid) throw badAlgoliaRequest(`${name} must be a list of strings or of lists of strings`);
  return value;
}

function listValue(value: unknown, name: string): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value as unknown[];
  if (typeof value !== 'string') throw badAlgoliaRequest(`${name} must be a list`);
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed as unknown[];
    } catch {
      // Reported below.
    }
    throw badAlgoliaRequest(`${name} is not a valid JSON list`);
  }
  if (text === '') return [];
  return text.split(',').map((v) => v.trim());
}

/** The parameters of this query as one url-encoded string, lists as JSON, as Algolia echoes them. */
function echoParams(all: Record<string, unknown>): string {
  const out = new URLSearchParams();
  for (const name of Object.keys(all).sort()) {
    if (name === 'indexName' || name === 'type') continue;
    const value = all[name];
    out.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out.toString();
}
