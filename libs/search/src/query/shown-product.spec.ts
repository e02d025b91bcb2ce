import type { estypes } from '@elastic/elasticsearch';
import { type ProductSource, toSearchHit } from '../elasticsearch/search-response.mapper';
import type { ListingBody } from './listing-patch';
import { searchShowingProduct, suggestShowingProduct } from './shown-product';

const source: ProductSource = {
  id: 'p1',
  title: 'Cordless drill',
  brand: 'Acme',
  price: 99,
  currency: 'EUR',
  stock: 4,
};
const esHit = (s: ProductSource): estypes.SearchHit<ProductSource> => ({
  _index: 'products',
  _id: s.id,
  _score: 3.5,
  _source: s,
  highlight: { title: ['Cordless <em>drill</em>'] },
});
const listing = (...sources: ProductSource[]): ListingBody =>
  ({
    total: { value: sources.length, relation: 'eq' },
    hits: sources.map((s) => toSearchHit(esHit(s))),
  }) as ListingBody;

describe('searchShowingProduct', () => {
  const other: ProductSource = { id: 'p2', title: 'Hammer', stock: 1 };

  it('gives the bytes a search would give after a stock or currency write, other hits untouched', () => {
    const body = listing(source, other);
    const written = { ...source, stock: 0, currency: undefined };
    const after = searchShowingProduct(body, written, ['stock', 'inStock', 'currency', 'updatedAt']);
    expect(JSON.stringify(after)).toBe(JSON.stringify(listing(written, other)));
    expect(after?.hits[1]).toBe(body.hits[1]);
    expect(body.hits[0].stock).toBe(4);
  });

  it('answers the same body when the hit already shows those values, and nothing for other fields', () => {
    const body = listing(source, other);
    expect(searchShowingProduct(body, source, ['stock', 'updatedAt'])).toBe(body);
    expect(searchShowingProduct(listing(other), { ...source, stock: 1 }, ['stock'])).toEqual(listing(other));
    for (const field of ['title', 'price', 'rating', 'brand', 'tags'] as const) {
      expect(searchShowingProduct(body, { ...source, stock: 1 }, ['stock', field])).toBeUndefined();
    }
  });
});

describe('suggestShowingProduct', () => {
  it('keeps a suggest answer unless the title or brand changed', () => {
    const body = { suggestions: [{ text: 'Cordless drill', type: 'title' as const, id: 'p1' }] };
    expect(suggestShowingProduct(body, source, ['stock', 'price', 'rating', 'tags'])).toBe(body);
    expect(suggestShowingProduct(body, source, ['title'])).toBeUndefined();
    expect(suggestShowingProduct(body, source, ['brand'])).toBeUndefined();
  });
});
