import type { estypes } from '@elastic/elasticsearch';
import { parseQuery } from './parse-query';
import { relevanceQuery } from './relevance-query';
import { DEFAULT_TUNING, type RelevanceTuning } from './relevance-tuning';

/**
 * The part of a search that decides which products it lists at all, whatever its filters, sort
 * and page: the text's required and excluded clauses (the scoring-only ones left out). A product
 * it does not match is in none of that search's pages, totals or facet counts.
 */
export function listingMatchQuery(
  q: string,
  tuning: RelevanceTuning = DEFAULT_TUNING,
): estypes.QueryDslBoolQuery {
  const { must, must_not } = relevanceQuery(parseQuery(q), tuning);
  return { must, must_not };
}
