import type { estypes } from '@elastic/elasticsearch';
import type { SortValue } from '../query/cursor';
import { PRICE_BUCKETS } from '../query/facets';
import {
  bucketCountRequest,
  contributionRequest,
  type ListingProbe,
  listingProbe,
  PROBE_AGG,
  PROBE_FIELDS,
  type ProbeFilter,
  PRODUCT_AGG,
} from '../query/listing-contribution';
import {
  type Contribution,
  type Direction,
  hiddenBuckets,
  type ListingBody,
  patchListing,
  sortsAfterPage,
  type TermsFacet,
} from '../query/listing-patch';
import { parseQuery } from '../query/parse-query';
import { queryWords, tierWords } from '../query/relevance-query';
import { DEFAULT_TUNING, type RelevanceTuning } from '../query/relevance-tuning';
import { wordClauseName } from '../query/word-tiers';
import type { SearchParams } from '../query/search-params';
import { type CheckContext, WITHOUT_TYPOS } from './listing-check';
import { matchedQueryNames } from './search-response.mapper';

export interface ListingToPatch {
  readonly params: SearchParams;
  readonly body: ListingBody;
}

/**
 * Each listing after the product's availability flipped (listing-patch.ts): one search per text
 * (listing-contribution.ts), narrowed to the product. Asked without typo clauses first (no automata
 * to build): that answer stands when the product matched there and matched every word without a
 * typo, since a word's typo credit is below every other way of matching it (word-tiers.ts) and the
 * product matches the same way with them. The other listings are asked again with them. Undefined where the listing must be
 * searched again (including when its search failed); the same body where the product counts nowhere.
 */
export async function availabilityPatches(
  ctx: CheckContext,
  productId: string,
  listings: readonly ListingToPatch[],
): Promise<(ListingBody | undefined)[]> {
  const answers = await answersFor(ctx, productId, listings);
  const hidden = await hiddenCounts(ctx, listings, answers);
  return listings.map((listing, i) => {
    const answer = answers[i];
    if (answer === undefined) return undefined;
    if (answer.contribution === undefined) return listing.body;
    const contribution = { ...answer.contribution, hidden: hidden[i] };
    return patchListing(listing.params, listing.body, contribution, answer.direction);
  });
}

/**
 * Each listing after a write of the text of one product it does not show: the same body where its
 * hits provably stay what a search returns (its total and facet counts may lag, as for any listing
 * that does not show a written product; README); undefined where that cannot be told (searched
 * again). The product's filter fields and sort values did not change; only whether its text
 * matches and its score may have. So a listing keeps its hits when the product now
 * - fails its filters: it was never in its hits;
 * - matches nothing of its text: on a first page it does not show, it was after the page before;
 * - sorts after its page by a field (price, rating, date): it sorted there before too, if listed.
 *   By relevance, only on a first page (a later page could have had it before itself).
 * Sorted by a field, `relaxed` (the words the best match lacks, by relevance) must stay too: one
 * word, or no word dropped and the product matching every word now. The same searches as
 * availabilityPatches.
 */
export async function textWritePatches(
  ctx: CheckContext,
  productId: string,
  listings: readonly ListingToPatch[],
): Promise<(ListingBody | undefined)[]> {
  const asked = listings.flatMap((listing, i) =>
    listing.body.hits.some((hit) => hit.id === productId) ? [] : [i],
  );
  const answers = await answersFor(
    ctx,
    productId,
    asked.map((i) => listings[i]),
  );
  const out: (ListingBody | undefined)[] = listings.map(() => undefined);
  asked.forEach((i, k) => {
    const answer = answers[k];
    if (answer && keepsHits(listings[i], answer)) out[i] = listings[i].body;
  });
  return out;
}

function keepsHits({ params, body }: ListingToPatch, answer: Answer): boolean {
  const firstPage = params.page === 1 && params.cursor === undefined;
  const byScore = params.sort === 'relevance';
  const oneWord = tierWords(queryWords(parseQuery(params.q).terms), DEFAULT_TUNING).length <= 1;
  // Matches nothing (or counts nowhere): not in the hits now, and after a first page it does not show before.
  if (answer.contribution === undefined) return firstPage && (byScore || oneWord);
  const { hit } = answer.contribution;
  if (!hit) return true;
  if (body.nextCursor === null || (byScore && !firstPage)) return false;
  if (!sortsAfterPage(params, hit.sort, body.nextCursor, hit.lastScore)) return false;
  return byScore || oneWord || (body.relaxed === null && matchedEveryWord(params, hit.matched));
}

/**
 * What the product adds to each listing now: asked without typo clauses first, then with them where
 * that answer does not stand (settled).
 */
async function answersFor(
  ctx: CheckContext,
  productId: string,
  listings: readonly ListingToPatch[],
): Promise<(Answer | undefined)[]> {
  const answers: (Answer | undefined)[] = await ask(ctx, productId, listings, WITHOUT_TYPOS);
  const again = listings.flatMap((listing, i) => (settled(listing.params, answers[i]) ? [] : [i]));
  const typoAnswers = await ask(
    ctx,
    productId,
    again.map((i) => listings[i]),
    DEFAULT_TUNING,
  );
  again.forEach((i, k) => (answers[i] = typoAnswers[k]));
  return answers;
}

/**
 * Per listing, the counts now of the buckets the product came into that its full top-N facets do
 * not show (listing-patch.ts hiddenBuckets), asked only where nothing else refuses the patch (as if
 * they stayed hidden: count 0), in one search each (deduplicated) and one round trip. Undefined
 * where none is needed or the search failed (then that listing is searched again).
 */
async function hiddenCounts(
  ctx: CheckContext,
  listings: readonly ListingToPatch[],
  answers: readonly (Answer | undefined)[],
): Promise<(Partial<Record<TermsFacet, number>> | undefined)[]> {
  const requests = new Map<string, Omit<estypes.SearchRequest, 'index'>>();
  const wanted = listings.map((listing, i) => {
    const answer = answers[i];
    const contribution = answer?.contribution;
    if (!answer || !contribution) return [];
    const facets = hiddenBuckets(listing.body, contribution, answer.direction);
    if (facets.length === 0) return [];
    const stayHidden = { ...contribution, hidden: Object.fromEntries(facets.map((facet) => [facet, 0])) };
    if (!patchListing(listing.params, listing.body, stayHidden, answer.direction)) return [];
    const probe = listingProbe(listing.params, DEFAULT_TUNING);
    return facets.map((facet) => {
      const request = bucketCountRequest(probe, facet, contribution[facet] as string);
      const key = JSON.stringify(request);
      requests.set(key, request);
      return { facet, key };
    });
  });
  if (requests.size === 0) return listings.map(() => undefined);
  const keys = [...requests.keys()];
  const searches = keys.flatMap((key) => [{ index: ctx.alias }, requests.get(key) as object]);
  const result = await ctx.run('listing_patch_count', () => ctx.es.msearch({ searches }, ctx.options()));
  const counts = new Map<string, number>();
  keys.forEach((key, k) => {
    const response = result.responses[k];
    const total = response && !('error' in response) ? response.hits.total : undefined;
    if (typeof total === 'object' && total.relation === 'eq') counts.set(key, total.value);
  });
  return wanted.map((asked) => {
    if (asked.length === 0 || asked.some(({ key }) => !counts.has(key))) return undefined;
    return Object.fromEntries(asked.map(({ facet, key }) => [facet, counts.get(key) as number]));
  });
}

interface Answer {
  /** Undefined: the product counts nowhere in the listing. */
  readonly contribution?: Contribution;
  readonly direction: Direction;
  /** Asked without typo clauses, the page's last hit matched a word only with one: ask again. */
  readonly lastUnsettled?: boolean;
}

/** A page's last hit as the same search scored it now. */
interface LastHit {
  readonly score: number;
  readonly matched: ReadonlySet<string>;
}

async function ask(
  ctx: CheckContext,
  productId: string,
  listings: readonly ListingToPatch[],
  tuning: RelevanceTuning,
): Promise<(Answer | undefined)[]> {
  if (listings.length === 0) return [];
  // Listings of one text share their query: one search for them all.
  const groups = new Map<string, { probes: ListingProbe[]; members: number[] }>();
  listings.forEach((listing, i) => {
    const probe = listingProbe(listing.params, tuning);
    const key = JSON.stringify(probe.query);
    const group = groups.get(key) ?? { probes: [], members: [] };
    group.probes.push(probe);
    group.members.push(i);
    groups.set(key, group);
  });
  const asked = [...groups.values()];
  // With the pages' last hits of the listings sorted by score, scored by the same search.
  const requests = asked.map((group) =>
    contributionRequest(group.probes, productId, [
      ...new Set(
        group.members.flatMap((i, k) => (sortsByScore(group.probes[k]) ? lastHitId(listings[i]) : [])),
      ),
    ]),
  );
  const searches = requests.flatMap(({ request }) => [{ index: ctx.alias }, request]);
  const result = await ctx.run('listing_patch', () => ctx.es.msearch({ searches }, ctx.options()));
  const answers: (Answer | undefined)[] = listings.map(() => undefined);
  asked.forEach((group, g) => {
    const response = result.responses[g];
    if (!response || 'error' in response) return;
    const product = response.hits.hits.find((hit) => hit._id === productId);
    const lastHits = new Map<string, LastHit>();
    for (const hit of response.hits.hits) {
      if (hit !== product && typeof hit._score === 'number')
        lastHits.set(hit._id as string, { score: hit._score, matched: new Set(matchedQueryNames(hit)) });
    }
    const probed = response.aggregations?.[PRODUCT_AGG] as { [PROBE_AGG]?: Probed } | undefined;
    const buckets = probed?.[PROBE_AGG]?.buckets;
    if (!buckets) return;
    group.members.forEach((i, k) => {
      const passes = (filter: ProbeFilter): boolean =>
        (buckets[requests[g].buckets[k][filter]]?.doc_count ?? 0) > 0;
      // No hit: the product does not match the text, so it counts nowhere (the same body).
      const lastId = sortsByScore(group.probes[k]) ? lastHitId(listings[i])[0] : undefined;
      const last = lastId === undefined ? undefined : lastHits.get(lastId);
      const exact = last && (tuning !== WITHOUT_TYPOS || matchedEveryWord(listings[i].params, last.matched));
      answers[i] = product
        ? answerOf(group.probes[k], product, passes, exact ? last.score : undefined, !!last && !exact)
        : { contribution: undefined, direction: -1 };
    });
  });
  return answers;
}

interface Probed {
  buckets?: Record<string, { doc_count: number }>;
}

/**
 * What the product adds to one listing, from its doc values and the listing's filters: the
 * values its facets would count (a terms bucket's key is the doc value; a price range holds
 * `from` and not `to`) and the sort values its sort would give. Undefined where a value is not
 * single (the listing is searched again).
 */
function answerOf(
  probe: ListingProbe,
  product: estypes.SearchHit,
  passes: (filter: ProbeFilter) => boolean,
  lastScore: number | undefined,
  lastUnsettled: boolean,
): Answer | undefined {
  const values = (field: string): unknown[] => (product.fields?.[field] as unknown[] | undefined) ?? [];
  if (PROBE_FIELDS.some((field) => values(field).length > 1)) return undefined;
  const one = (field: string): unknown => values(field)[0];
  const price = typeof one('price') === 'number' ? (one('price') as number) : undefined;
  const bucket =
    price === undefined
      ? -1
      : PRICE_BUCKETS.findIndex((b) => price >= b.from && (b.to === undefined || price < b.to));
  const sort = passes('hit') ? sortValues(probe.sort, product, one) : undefined;
  if (passes('hit') && sort === undefined) return undefined;
  const contribution: Contribution = {
    hit: sort && {
      sort,
      matched: new Set(matchedQueryNames(product)),
      lastScore,
    },
    category: passes('category') ? (one('category.keyword') as string | undefined) : undefined,
    brand: passes('brand') ? (one('brand.keyword') as string | undefined) : undefined,
    priceBucket: passes('price') && bucket >= 0 ? bucket : undefined,
    price: passes('price') ? price : undefined,
  };
  const counts = Object.values(contribution).some((value) => value !== undefined);
  return {
    contribution: counts ? contribution : undefined,
    direction: passes('now') ? 1 : -1,
    lastUnsettled,
  };
}

function sortsByScore(probe: ListingProbe): boolean {
  return Object.keys(probe.sort[0] ?? {})[0] === '_score';
}

function lastHitId(listing: ListingToPatch): string[] {
  const last = listing.body.hits.at(-1);
  return last ? [last.id] : [];
}

/** The values the listing's sort gives the product (as a search's hit would carry them). */
function sortValues(
  sort: readonly estypes.SortCombinations[],
  product: estypes.SearchHit,
  one: (field: string) => unknown,
): SortValue[] | undefined {
  const out: SortValue[] = [];
  for (const clause of sort) {
    const [field, spec] = Object.entries(clause as Record<string, { missing?: unknown }>)[0];
    const value = field === '_score' ? product._score : one(field);
    // The date comes as epoch milliseconds (the format asked), sorted as a number; without a value
    // it sorts as its explicit `missing`.
    if (field === 'createdAt') out.push(value === undefined ? Number(spec.missing ?? NaN) : Number(value));
    else if (typeof value === 'number' || typeof value === 'string') out.push(value);
    // No value, sorted `_last`: not a value the page's cursor can be compared with.
    else return undefined;
  }
  return out;
}

/**
 * The answer without typo clauses stands: the product matched, each word without a typo (and so did
 * the page's last hit it is compared with).
 */
function settled(params: SearchParams, answer: Answer | undefined): boolean {
  if (answer?.contribution === undefined || answer.lastUnsettled) return false;
  const { hit } = answer.contribution;
  return !hit || matchedEveryWord(params, hit.matched);
}

function matchedEveryWord(params: SearchParams, matched: ReadonlySet<string>): boolean {
  const words = tierWords(queryWords(parseQuery(params.q).terms), DEFAULT_TUNING);
  return words.every((_, i) => matched.has(wordClauseName(i)));
}
