import type { estypes } from '@elastic/elasticsearch';
import type { SortValue } from '../query/cursor';
import { PRICE_BUCKETS } from '../query/facets';
import { contributionRequest, IN_LISTING_NOW_AGG } from '../query/listing-contribution';
import { type Contribution, type Direction, type ListingBody, patchListing } from '../query/listing-patch';
import { parseQuery } from '../query/parse-query';
import { queryWords, tierWords } from '../query/relevance-query';
import { DEFAULT_TUNING, type RelevanceTuning } from '../query/relevance-tuning';
import { wordClauseName } from '../query/word-tiers';
import type { SearchParams } from '../query/search-params';
import { type CheckContext, WITHOUT_TYPOS } from './listing-check';

export interface ListingToPatch {
  readonly params: SearchParams;
  readonly body: ListingBody;
}

type Aggs = Record<string, estypes.AggregationsAggregate>;
interface Bucketed {
  values?: { buckets?: { key: string | number; doc_count: number }[] };
  stats?: { count: number; sum: number };
}

/**
 * Each listing after the product's availability flipped (listing-patch.ts): one search per listing,
 * narrowed to the product. Asked without typo clauses first (no automata to build): that answer
 * stands when the product matched there and matched every word without a typo, since a word's typo
 * credit is below every other way of matching it (word-tiers.ts) and the product matches the same
 * way with them. The other listings are asked again with them. Undefined where the listing must be
 * searched again (including when its search failed); the same body where the product counts nowhere.
 */
export async function availabilityPatches(
  ctx: CheckContext,
  productId: string,
  listings: readonly ListingToPatch[],
): Promise<(ListingBody | undefined)[]> {
  const answers: (Answer | undefined)[] = await ask(ctx, productId, listings, WITHOUT_TYPOS);
  const again = listings.flatMap((listing, i) => (settled(listing.params, answers[i]) ? [] : [i]));
  const typoAnswers = await ask(
    ctx,
    productId,
    again.map((i) => listings[i]),
    DEFAULT_TUNING,
  );
  again.forEach((i, k) => (answers[i] = typoAnswers[k]));
  return listings.map((listing, i) => {
    const answer = answers[i];
    if (answer === undefined) return undefined;
    if (answer.contribution === undefined) return listing.body;
    return patchListing(listing.params, listing.body, answer.contribution, answer.direction);
  });
}

interface Answer {
  /** Undefined: the product counts nowhere in the listing. */
  readonly contribution?: Contribution;
  readonly direction: Direction;
}

async function ask(
  ctx: CheckContext,
  productId: string,
  listings: readonly ListingToPatch[],
  tuning: RelevanceTuning,
): Promise<(Answer | undefined)[]> {
  if (listings.length === 0) return [];
  const searches = listings.flatMap((listing) => [
    { index: ctx.alias },
    contributionRequest(listing.params, productId, tuning),
  ]);
  const result = await ctx.run('listing_patch', () => ctx.es.msearch({ searches }, ctx.options()));
  return listings.map((_, i) => {
    const response = result.responses[i];
    if (!response || 'error' in response) return undefined;
    const aggs = (response.aggregations ?? {}) as Aggs;
    const now = (aggs[IN_LISTING_NOW_AGG] as { doc_count?: number } | undefined)?.doc_count;
    if (now === undefined) return undefined;
    return { contribution: contributionOf(response.hits.hits[0], aggs), direction: now > 0 ? 1 : -1 };
  });
}

/** The answer without typo clauses stands: the product matched, each word without a typo. */
function settled(params: SearchParams, answer: Answer | undefined): boolean {
  if (answer?.contribution === undefined) return false;
  const { hit } = answer.contribution;
  if (!hit) return true;
  const words = tierWords(queryWords(parseQuery(params.q).terms), DEFAULT_TUNING);
  return words.every((_, i) => hit.matched.has(wordClauseName(i)));
}

/** What the product adds to the listing; undefined when it counts nowhere in it. */
function contributionOf(hit: estypes.SearchHit | undefined, aggs: Aggs): Contribution | undefined {
  const key = (name: string): string | undefined => {
    const bucket = (aggs[name] as Bucketed | undefined)?.values?.buckets?.find((b) => b.doc_count > 0);
    return bucket === undefined ? undefined : String(bucket.key);
  };
  const price = aggs.price as Bucketed | undefined;
  const bucket = price?.values?.buckets?.findIndex((b) => b.doc_count > 0) ?? -1;
  const contribution: Contribution = {
    hit: hit && {
      sort: (hit.sort ?? []) as SortValue[],
      matched: new Set(
        Array.isArray(hit.matched_queries) ? hit.matched_queries : Object.keys(hit.matched_queries ?? {}),
      ),
    },
    category: key('category'),
    brand: key('brand'),
    priceBucket: bucket >= 0 && bucket < PRICE_BUCKETS.length ? bucket : undefined,
    price: price?.stats?.count ? price.stats.sum : undefined,
  };
  const counts = Object.values(contribution).some((value) => value !== undefined);
  return counts ? contribution : undefined;
}
