import type { estypes } from '@elastic/elasticsearch';
import { listingMatchQuery } from './listing-match';
import { DEFAULT_TUNING } from './relevance-tuning';
import { type WordLookup, wordLookupsOf } from './text-reach';

/** Texts remembered (the oldest forgotten first): twice what one write checks at most. */
const DEFAULT_LIMIT = 2_000;

/** What the listing check needs of a text before it meets any product: both pure functions of it. */
export interface ListingTextPlan {
  readonly text: string;
  /** listingMatchQuery's (never mutated: shared by every check of the text). */
  readonly query: estypes.QueryDslBoolQuery;
  /** Every word lookup `couldMatch` may ask about for that query. */
  readonly lookups: readonly WordLookup[];
}

/**
 * Listing texts' match queries and word lookups, remembered: a flip checks every cached listing's
 * text, mostly the same texts write after write, and building them was a measurable part of a
 * write's CPU (bench/README.md).
 */
export class ListingTextPlans {
  private readonly plans = new Map<string, ListingTextPlan>();

  constructor(private readonly limit = DEFAULT_LIMIT) {}

  of(text: string): ListingTextPlan {
    let plan = this.plans.get(text);
    if (plan === undefined) {
      const query = listingMatchQuery(text, DEFAULT_TUNING);
      plan = { text, query, lookups: wordLookupsOf({ bool: query }) };
      if (this.plans.size >= this.limit) this.plans.delete(this.plans.keys().next().value as string);
      this.plans.set(text, plan);
    }
    return plan;
  }

  get size(): number {
    return this.plans.size;
  }
}
