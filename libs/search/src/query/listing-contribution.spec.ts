import { buildSearchRequest } from './build-search-request';
import { contributionRequest, listingProbe, PROBE_AGG, PRODUCT_AGG } from './listing-contribution';
import type { SearchParams } from './search-params';

const lamps: SearchParams = { q: 'desk lamp', tags: [], sort: 'relevance', page: 1, size: 20, inStock: true };

describe('listing probes', () => {
  it('share the query across listings of one text that differ in facet selections, sort and page', () => {
    const others: SearchParams[] = [
      { ...lamps, category: 'lighting' },
      { ...lamps, sort: 'price_asc', maxPrice: 50 },
      { ...lamps, page: 3, brand: 'Acme' },
    ];
    const query = JSON.stringify(listingProbe(lamps).query);
    for (const params of others) expect(JSON.stringify(listingProbe(params).query)).toBe(query);
  });

  it('do not share it across texts or query filters, and leave the availability filter out of it', () => {
    const query = JSON.stringify(listingProbe(lamps).query);
    expect(JSON.stringify(listingProbe({ ...lamps, q: 'floor lamp' }).query)).not.toBe(query);
    expect(JSON.stringify(listingProbe({ ...lamps, tags: ['led'] }).query)).not.toBe(query);
    expect(query).not.toContain('"stock"');
    expect(JSON.stringify(listingProbe(lamps).filters.now)).toContain('"stock"');
  });

  it("ask each listing's hit under its own post filter, one bucket per distinct filter, for one product", () => {
    const listing: SearchParams = { ...lamps, sort: 'price_asc', category: 'lighting' };
    const { body } = buildSearchRequest({ ...listing, inStock: undefined });
    const { request, buckets } = contributionRequest([listingProbe(lamps), listingProbe(listing)], 'p-1', [
      'last-1',
      'p-1',
    ]);
    const product = request.aggs?.[PRODUCT_AGG];
    // The filters count the product alone; the pages' last hits are only scored alongside it.
    expect(product?.filter).toEqual({ ids: { values: ['p-1'] } });
    expect(request.size).toBe(2);
    const filters = (product?.aggs?.[PROBE_AGG].filters?.filters ?? {}) as Record<string, unknown>;
    expect(filters[buckets[1].hit]).toEqual(body.post_filter);
    // Both pass the same availability filter; the first one's facets have no filter to apply.
    expect(buckets[0].now).toBe(buckets[1].now);
    expect(new Set([buckets[0].hit, buckets[0].category, buckets[0].brand, buckets[0].price]).size).toBe(1);
    expect(buckets[1].hit).not.toBe(buckets[0].hit);
    expect(JSON.stringify(request.query)).toContain('"ids":{"values":["p-1","last-1"]}');
  });
});
