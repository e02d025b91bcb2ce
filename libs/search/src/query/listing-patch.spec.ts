import { encodeCursor } from './cursor';
import { PRICE_BUCKETS } from './facets';
import { type Contribution, hiddenBuckets, type ListingBody, patchListing } from './listing-patch';
import { SEARCH_LIMITS, type SearchParams } from './search-params';

const params: SearchParams = { q: 'lamp', tags: [], sort: 'relevance', page: 1, size: 2, inStock: true };
const byPrice: SearchParams = { ...params, q: 'desk lamp', sort: 'price_asc' };

function hit(id: string, score: number, price: number): ListingBody['hits'][number] {
  return {
    id,
    score,
    title: id,
    description: null,
    brand: 'Acme',
    category: 'lighting',
    tags: [],
    price,
    currency: 'EUR',
    rating: null,
    stock: 3,
    highlight: {},
  };
}

/** Two hits of ten, lamps: the last hit scores 10 (relevance) and costs 30 (price_asc). */
function listing(over: Partial<ListingBody> = {}, of: SearchParams = params): ListingBody {
  const after = of.sort === 'relevance' ? [10, 'b'] : [30, 'b'];
  return {
    total: { value: 10, relation: 'eq' },
    page: 1,
    size: 2,
    hits: [hit('a', 12, 20), hit('b', 10, 30)],
    facets: {
      category: [{ value: 'lighting', count: 10 }],
      brand: [
        { value: 'Acme', count: 6 },
        { value: 'Lumo', count: 4 },
      ],
      price: PRICE_BUCKETS.map((b, i) => ({ from: b.from, to: b.to ?? null, count: i === 1 ? 10 : 0 })),
      priceStats: { min: 26, max: 48, avg: 37.5, sum: 375 },
    },
    nextCursor: encodeCursor(of, { after, page: 1, seen: 2 }),
    relaxed: null,
    didYouMean: null,
    ...over,
  };
}

/** A product that passes every filter: it scores 5, costs 40, brand Lumo. */
const after: Contribution = {
  hit: { sort: [5, 'p'], matched: new Set(['word:0']) },
  category: 'lighting',
  brand: 'Lumo',
  priceBucket: 1,
  price: 40,
};

describe('patchListing', () => {
  it('a product coming in after the page moves the total and its facet buckets by one, hits untouched', () => {
    const body = listing();
    const patched = patchListing(params, body, after, 1);
    expect(patched).toEqual({
      ...body,
      total: { value: 11, relation: 'eq' },
      facets: {
        category: [{ value: 'lighting', count: 11 }],
        brand: [
          { value: 'Acme', count: 6 },
          { value: 'Lumo', count: 5 },
        ],
        price: body.facets.price.map((b, i) => (i === 1 ? { ...b, count: 11 } : b)),
        priceStats: { min: 26, max: 48, avg: 415 / 11, sum: 415 },
      },
    });
  });

  it('a bucket that overtakes another moves up; a new one joins a facet that shows every value', () => {
    const patched = patchListing(params, listing(), { ...after, brand: 'Lumo' }, 1);
    const twice = patchListing(params, patched!, { ...after, hit: { ...after.hit!, sort: [4, 'q'] } }, 1);
    const third = patchListing(params, twice!, { ...after, hit: { ...after.hit!, sort: [3, 'r'] } }, 1);
    expect(third?.facets.brand).toEqual([
      { value: 'Lumo', count: 7 },
      { value: 'Acme', count: 6 },
    ]);
    expect(patchListing(params, listing(), { ...after, brand: 'Zed' }, 1)?.facets.brand).toContainEqual({
      value: 'Zed',
      count: 1,
    });
  });

  it('a product leaving moves them back, and a bucket emptied leaves the facet', () => {
    const body = listing({ facets: { ...listing().facets, brand: [{ value: 'Lumo', count: 1 }] } });
    const patched = patchListing(params, body, { ...after, price: 30 }, -1);
    expect(patched?.total).toEqual({ value: 9, relation: 'eq' });
    expect(patched?.facets.brand).toEqual([]);
    expect(patched?.facets.priceStats).toEqual({ min: 26, max: 48, avg: 345 / 9, sum: 345 });
  });

  it('a product counting only in the facets (another filter leaves it out of the hits) keeps the total', () => {
    const facetsOnly = { ...after, hit: undefined };
    const patched = patchListing(params, listing({ nextCursor: null }), facetsOnly, 1);
    expect(patched?.total).toEqual({ value: 10, relation: 'eq' });
    expect(patched?.facets.category).toEqual([{ value: 'lighting', count: 11 }]);
  });

  it('compares a float sort field in float precision (the cursor holds 4.3, a doc value the float widened)', () => {
    const byRating: SearchParams = { ...params, sort: 'rating' };
    const body = listing(
      { nextCursor: encodeCursor(byRating, { after: [4.3, 'b'], page: 1, seen: 2 }) },
      byRating,
    );
    const rated = (id: string): Contribution => ({
      ...after,
      hit: { ...after.hit!, sort: [Math.fround(4.3), id] },
    });
    // Same rating as the last hit: the id decides.
    expect(patchListing(byRating, body, rated('c'), 1)?.total.value).toBe(11);
    expect(patchListing(byRating, body, rated('a'), 1)).toBeUndefined();
  });

  it('searches again when the product lands on or before the page, or too close to its last score to tell', () => {
    const onPage = { ...after, hit: { ...after.hit!, sort: [11, 'p'] } };
    expect(patchListing(params, listing(), onPage, 1)).toBeUndefined();
    const tied = { ...after, hit: { ...after.hit!, sort: [10.0005, 'p'] } };
    expect(patchListing(params, listing(), tied, 1)).toBeUndefined();
    // Equal price: the id decides ('a' sorts before the last hit 'b').
    const cheaper = { ...after, hit: { ...after.hit!, sort: [30, 'a'] } };
    expect(patchListing(byPrice, listing({}, byPrice), cheaper, 1)).toBeUndefined();
    const dearer = { ...after, hit: { ...after.hit!, sort: [30, 'c'] } };
    expect(patchListing(byPrice, listing({}, byPrice), dearer, 1)).toBeDefined();
  });

  it("with the last hit's score now (the same search), scores compare exactly: a tie goes to the id", () => {
    const close = (score: number, id: string, lastScore: number): Contribution => ({
      ...after,
      hit: { ...after.hit!, sort: [score, id], lastScore },
    });
    // Within the margin of the cursor's 10, but below the last hit's score now.
    expect(patchListing(params, listing(), close(9.9999, 'p', 10), 1)).toBeDefined();
    expect(patchListing(params, listing(), close(10.0005, 'p', 10.001), 1)).toBeDefined();
    expect(patchListing(params, listing(), close(10.0005, 'p', 10), 1)).toBeUndefined();
    // An equal score: after the last hit ('b') only with a later id.
    expect(patchListing(params, listing(), close(10, 'c', 10), 1)).toBeDefined();
    expect(patchListing(params, listing(), close(10, 'a', 10), 1)).toBeUndefined();
  });

  it('searches again when the page is the last one or may become it', () => {
    expect(patchListing(params, listing({ nextCursor: null }), after, 1)).toBeUndefined();
    // Two shown of four: one leaving leaves a next page; of three, this page becomes the last.
    expect(patchListing(params, listing({ total: { value: 4, relation: 'eq' } }), after, -1)).toBeDefined();
    expect(patchListing(params, listing({ total: { value: 3, relation: 'eq' } }), after, -1)).toBeUndefined();
  });

  it('a total counted only up to the limit stays so when one comes in; one leaving cannot be told', () => {
    const capped = listing({ total: { value: 10_000, relation: 'gte' } });
    expect(patchListing(params, capped, after, 1)?.total).toEqual({ value: 10_000, relation: 'gte' });
    expect(patchListing(params, capped, after, -1)).toBeUndefined();
  });

  it('a full top-N facet: a hidden value gaining one may show, one losing one changes nothing shown', () => {
    const values = Array.from({ length: SEARCH_LIMITS.facetSize }, (_, i) => ({
      value: `b${String(i).padStart(2, '0')}`,
      count: 100 - i,
    }));
    const full = listing({ facets: { ...listing().facets, brand: values } });
    expect(hiddenBuckets(full, { ...after, brand: 'hidden' }, 1)).toEqual(['brand']);
    expect(hiddenBuckets(full, { ...after, brand: values[3].value }, 1)).toEqual([]);
    expect(hiddenBuckets(full, { ...after, brand: 'hidden' }, -1)).toEqual([]);
    expect(patchListing(params, full, { ...after, brand: 'hidden' }, 1)).toBeUndefined();
    // Its count now tells: below the last shown one (or equal with a later key) it stays hidden...
    for (const count of [1, 81]) {
      const stays = { ...after, brand: 'hidden', hidden: { brand: count } };
      expect(patchListing(params, full, stays, 1)?.facets.brand).toEqual(values);
    }
    // ...otherwise it comes into view in its place and the last shown one leaves.
    const shows = patchListing(params, full, { ...after, brand: 'b00a', hidden: { brand: 81 } }, 1);
    expect(shows?.facets.brand.map((v) => v.value)).toEqual([
      ...values.slice(0, -1).map((v) => v.value),
      'b00a',
    ]);
    const top = patchListing(params, full, { ...after, brand: 'zzz', hidden: { brand: 500 } }, 1);
    expect(top?.facets.brand[0]).toEqual({ value: 'zzz', count: 500 });
    expect(top?.facets.brand).toHaveLength(values.length);
    expect(patchListing(params, full, { ...after, brand: 'hidden', price: 40 }, -1)?.facets.brand).toEqual(
      values,
    );
    // The last shown value losing one may fall below a hidden one.
    expect(patchListing(params, full, { ...after, brand: values.at(-1)!.value }, -1)).toBeUndefined();
    expect(patchListing(params, full, { ...after, brand: values[0].value }, -1)?.facets.brand[0].count).toBe(
      99,
    );
  });

  it('the price extremes: a product holding one leaving cannot be told', () => {
    expect(patchListing(params, listing(), { ...after, price: 26 }, -1)).toBeUndefined();
    expect(patchListing(params, listing(), { ...after, price: 48 }, -1)).toBeUndefined();
    expect(patchListing(params, listing(), { ...after, price: 60 }, 1)?.facets.priceStats).toMatchObject({
      max: 60,
    });
  });

  it('the best match behind `relaxed`: a product matching words the best match lacks may become it', () => {
    const relaxed = listing({ relaxed: { dropped: ['lamp'] } }, byPrice);
    const desk = { ...after, hit: { sort: [40, 'p'], matched: new Set(['word:0']) } };
    const both = { ...after, hit: { sort: [40, 'p'], matched: new Set(['word:0', 'word:1']) } };
    expect(patchListing(byPrice, relaxed, desk, 1)).toBeDefined();
    expect(patchListing(byPrice, relaxed, both, 1)).toBeUndefined();
    // Leaving: one with exactly the best match's words may have been it.
    expect(patchListing(byPrice, relaxed, desk, -1)).toBeUndefined();
    expect(patchListing(byPrice, listing({}, byPrice), desk, -1)).toBeDefined();
  });

  it('a product counting nowhere it is asked about changes nothing', () => {
    const body = listing();
    expect(patchListing(params, body, {}, 1)).toEqual(body);
  });
});
