import type { estypes } from '@elastic/elasticsearch';
import type { SuggestParams } from './search-params';

type Query = estypes.QueryDslQueryContainer;

/**
 * Autocomplete by word prefix on the edge n-gram subfields. The query matches titles or brands;
 * the brand aggregation counts over that, while `post_filter` keeps only title matches as hits,
 * so one round trip returns distinct brands and matching titles.
 */
export function buildSuggestRequest(params: SuggestParams): Omit<estypes.SearchRequest, 'index'> {
  const prefix = (field: string): Query => ({ match: { [field]: { query: params.q, operator: 'and' } } });
  // Whole words rank before pure prefixes ("usb" before "usability"), via the stemmed title.
  const wholeWord: Query = { match: { title: { query: params.q, boost: 2 } } };
  return {
    query: {
      bool: { should: [prefix('title.ngram'), prefix('brand.ngram'), wholeWord], minimum_should_match: 1 },
    },
    post_filter: prefix('title.ngram'),
    size: params.size,
    sort: [{ _score: { order: 'desc' } }, { 'title.sort': { order: 'asc' } }, { id: { order: 'asc' } }],
    track_total_hits: false,
    _source: ['id', 'title'],
    aggs: {
      brands: {
        filter: prefix('brand.ngram'),
        aggs: { values: { terms: { field: 'brand.keyword', size: params.size } } },
      },
    },
  };
}
