import { decodeCursor, type SortValue } from './cursor';
import { parseQuery } from './parse-query';
import { queryWords, tierWords } from './relevance-query';
import { DEFAULT_TUNING } from './relevance-tuning';
import { SEARCH_LIMITS, type SearchParams } from './search-params';
import { buildSort } from './sorts';
import { wordClauseName } from './word-tiers';
import type { FacetValue, PriceStats, SearchResponse } from '../search-response';

/** A search response as cached (the HTTP body: no timing). */
export type ListingBody = Omit<SearchResponse, 'tookMs'>;

/**
 * What one product adds to a listing when it is in it: where it sorts among the hits (if it passes
 * every filter) and the facet buckets it counts in (each facet leaves its own filter out).
 */
export interface Contribution {
  readonly hit?: {
    readonly sort: readonly SortValue[];
    /** The word clauses it matched (`word:<i>`), for the best match behind `relaxed`. */
    readonly matched: ReadonlySet<string>;
    /**
     * The page's last hit's score now, from the same search as the product's (listings sorted by
     * score): compared exactly, where the cursor's score, from before other writes, needs a margin.
     */
    readonly lastScore?: number;
  };
  readonly category?: string;
  readonly brand?: string;
  /** Index of its bucket in the price facet, and its price (the price statistics). */
  readonly priceBucket?: number;
  readonly price?: number;
  /**
   * Its bucket's count in the listing now, for a full top-N facet that does not show it
   * (hiddenBuckets says which; without it, such a listing is searched again).
   */
  readonly hidden?: Partial<Record<TermsFacet, number>>;
}

/** The facets counting products by a term (top SEARCH_LIMITS.facetSize shown). */
export type TermsFacet = 'category' | 'brand';
const TERMS_FACETS: readonly TermsFacet[] = ['category', 'brand'];

/** +1: the product came into the listing (e.g. back in stock); -1: it left. */
export type Direction = 1 | -1;

/**
 * Scores are floats recomputed by every search and drift slightly as the index changes: a product
 * this close to the page's last score could land on either side, so the listing is searched again.
 */
const SCORE_MARGIN = 1e-4;

/**
 * The listing after one product it does not show came in or left, when that is provably what a
 * fresh search would return: the product sorts after the page's last hit (so the hits, highlights
 * and cursor stay), the total and the facet buckets move by one, and nothing the listing shows
 * depends on what it cannot see (a top-N facet whose hidden buckets could move into view, the price
 * extremes when the product held one, a best match it could become or have been, a page that
 * becomes or stops being the last). Undefined whenever any of that cannot be told: search again.
 * The price sum and mean move by the product's price (rounded to 15 significant digits), so they may
 * differ from a fresh search's in the last binary digits.
 */
export function patchListing(
  params: SearchParams,
  body: ListingBody,
  contribution: Contribution,
  direction: Direction,
): ListingBody | undefined {
  const { hit } = contribution;
  const { nextCursor } = body;
  let { total } = body;
  if (hit) {
    if (
      body.total.value === 0 ||
      nextCursor === null ||
      !sortsAfterPage(params, hit.sort, nextCursor, hit.lastScore)
    ) {
      return undefined;
    }
    if (!bestMatchStays(params, body, hit.matched, direction)) return undefined;
    if (body.total.relation === 'gte') {
      if (direction < 0) return undefined;
    } else {
      const value = body.total.value + direction;
      // A page that may become the last one (its cursor null) is searched again.
      const seen = (body.page - 1) * body.size + body.hits.length;
      if (value <= 0 || (direction < 0 && (params.cursor !== undefined || seen >= value))) return undefined;
      total = { value, relation: 'eq' };
    }
  }
  const { hidden } = contribution;
  const category = moveBucket(body.facets.category, contribution.category, direction, hidden?.category);
  const brand = moveBucket(body.facets.brand, contribution.brand, direction, hidden?.brand);
  const price = movePrice(body, contribution, direction);
  if (!category || !brand || !price) return undefined;
  return { ...body, total, facets: { category, brand, ...price } };
}

/**
 * Strictly after the page's last hit (the cursor to the next page holds its sort values; its score
 * now, when known, replaces the cursor's).
 */
export function sortsAfterPage(
  params: SearchParams,
  sort: readonly SortValue[],
  cursor: string,
  lastScore: number | undefined,
): boolean {
  const parsed = parseQuery(params.q);
  const clauses = buildSort(params.sort, parsed.terms !== '' || parsed.phrases.length > 0);
  let last: SortValue[];
  try {
    last = decodeCursor(cursor, params, clauses.length).after;
  } catch {
    return false;
  }
  if (sort.length !== clauses.length || last.length !== clauses.length) return false;
  for (let i = 0; i < clauses.length; i++) {
    const [field, spec] = Object.entries(clauses[i] as Record<string, { order: 'asc' | 'desc' }>)[0];
    const order =
      field === '_score' && lastScore !== undefined && typeof sort[i] === 'number'
        ? Math.sign((sort[i] as number) - lastScore)
        : compareValues(sort[i], last[i], field);
    if (order === undefined) return false;
    if (order !== 0) return spec.order === 'asc' ? order > 0 : order < 0;
  }
  return false;
}

// Mapped as float: a hit's sort value is the float's shortest decimal, a doc value the float widened.
const FLOAT_SORT_FIELDS: ReadonlySet<string> = new Set(['rating']);

/** -1, 0, 1, or undefined when the two cannot be told apart (scores within the margin, odd values). */
function compareValues(a: SortValue, b: SortValue, field: string): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined;
    if (field === '_score')
      return Math.abs(a - b) <= SCORE_MARGIN * Math.max(1, Math.abs(b)) ? undefined : Math.sign(a - b);
    if (FLOAT_SORT_FIELDS.has(field)) return Math.sign(Math.fround(a) - Math.fround(b));
    return Math.sign(a - b);
  }
  if (typeof a === 'string' && typeof b === 'string')
    return Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return undefined;
}

/**
 * `relaxed` names the words the best match lacks; a product that matched more or other words than
 * the best match could become it, and one that matched exactly its words could have been it. On a
 * relevance-sorted first page the best match is the first hit, which a product after the page is not.
 */
function bestMatchStays(
  params: SearchParams,
  body: ListingBody,
  matched: ReadonlySet<string>,
  direction: Direction,
): boolean {
  if (params.sort === 'relevance' && body.page === 1 && !params.cursor) return true;
  const words = tierWords(queryWords(parseQuery(params.q).terms), DEFAULT_TUNING);
  if (words.length === 0) return true;
  const dropped = new Set(body.relaxed?.dropped ?? []);
  const best = words.map((word, i) => (dropped.has(word) ? undefined : wordClauseName(i)));
  const bestSet = new Set(best.filter((name): name is string => name !== undefined));
  const within = [...matched].every((name) => bestSet.has(name));
  if (direction > 0) return within;
  // Every product a one-word query lists has that word: whichever is best, none is dropped.
  if (words.length === 1 && dropped.size === 0) return true;
  return !(within && matched.size === bestSet.size);
}

/**
 * The terms facets where the product came into a bucket a full top-N list does not show: its count
 * now decides whether it comes into view (Contribution.hidden).
 */
export function hiddenBuckets(
  body: ListingBody,
  contribution: Contribution,
  direction: Direction,
): TermsFacet[] {
  if (direction < 0) return [];
  return TERMS_FACETS.filter((facet) => {
    const key = contribution[facet];
    const values = body.facets[facet];
    return (
      key !== undefined && values.length >= SEARCH_LIMITS.facetSize && !values.some((v) => v.value === key)
    );
  });
}

/**
 * A terms facet (top SEARCH_LIMITS.facetSize by count, then key) with one bucket moved by one;
 * `countNow` is that bucket's count after the move, where a full list does not show it.
 */
function moveBucket(
  values: readonly FacetValue[],
  key: string | undefined,
  direction: Direction,
  countNow?: number,
): FacetValue[] | undefined {
  if (key === undefined) return [...values];
  const full = values.length >= SEARCH_LIMITS.facetSize;
  const at = values.findIndex((v) => v.value === key);
  if (at < 0) {
    // A hidden bucket losing one changes nothing shown; one gaining may come into view: its count
    // against the shown ones' (which the move leaves as they are) tells.
    if (direction < 0) return full ? [...values] : undefined;
    if (!full) return [...values, { value: key, count: 1 }].sort(byCountThenKey);
    if (countNow === undefined) return undefined;
    return [...values, { value: key, count: countNow }].sort(byCountThenKey).slice(0, values.length);
  }
  const moved = values.map((v, i) => (i === at ? { value: v.value, count: v.count + direction } : v));
  const kept = moved.filter((v) => v.count > 0).sort(byCountThenKey);
  if (!full || direction > 0) return kept;
  // Full list, a bucket lost one: a hidden bucket may now rank above it (or take its place).
  return kept.length === values.length && kept.at(-1)?.value !== key ? kept : undefined;
}

// Elasticsearch's order: count descending, then the key's bytes ascending.
function byCountThenKey(a: FacetValue, b: FacetValue): number {
  return b.count - a.count || Buffer.compare(Buffer.from(a.value), Buffer.from(b.value));
}

function movePrice(
  body: ListingBody,
  contribution: Contribution,
  direction: Direction,
): Pick<ListingBody['facets'], 'price' | 'priceStats'> | undefined {
  const { price: buckets, priceStats } = body.facets;
  const { priceBucket, price } = contribution;
  if (priceBucket === undefined || price === undefined) {
    return priceBucket === undefined && price === undefined ? { price: buckets, priceStats } : undefined;
  }
  if (!buckets[priceBucket]) return undefined;
  const counted = buckets.reduce((sum, b) => sum + b.count, 0);
  const price2 = buckets.map((b, i) => (i === priceBucket ? { ...b, count: b.count + direction } : b));
  if (price2[priceBucket].count < 0) return undefined;
  const stats = moveStats(priceStats, counted, price, direction);
  return stats === undefined ? undefined : { price: price2, priceStats: stats };
}

/** Count from the buckets (they cover every price); the extremes only when the product did not hold one. */
function moveStats(
  stats: PriceStats | null,
  counted: number,
  price: number,
  direction: Direction,
): PriceStats | null | undefined {
  if (stats === null)
    return direction > 0 && counted === 0 ? { min: price, max: price, avg: price, sum: price } : undefined;
  const count = counted + direction;
  if (counted === 0) return undefined;
  if (count === 0) return null;
  if (direction < 0 && (price <= stats.min || price >= stats.max)) return undefined;
  const sum = Number((stats.sum + direction * price).toPrecision(15));
  return { min: Math.min(stats.min, price), max: Math.max(stats.max, price), avg: sum / count, sum };
}
