import {
  cacheKey,
  generationKey,
  type KeyMaterial,
  listingMember,
  parseListingMember,
  requestHash,
} from './cache-key';

describe('requestHash (the one cache key builder)', () => {
  const base: KeyMaterial = {
    route: 'search',
    query: { q: 'Wireless Headphones', size: 20, page: 1, tags: ['a', 'b'] },
    caseInsensitive: ['q'],
  };

  it('is a 32-character url-safe digest', () => {
    expect(requestHash(base)).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('ignores the order of query fields', () => {
    const reordered = { tags: ['a', 'b'], page: 1, size: 20, q: 'Wireless Headphones' };
    expect(requestHash({ ...base, query: reordered })).toBe(requestHash(base));
  });

  it('ignores the case of the case-insensitive fields only', () => {
    const lower = { ...base.query, q: 'wireless headphones' };
    expect(requestHash({ ...base, query: lower })).toBe(requestHash(base));
    expect(requestHash({ ...base, query: lower, caseInsensitive: [] })).not.toBe(
      requestHash({ ...base, caseInsensitive: [] }),
    );
    const brand = (value: string): string =>
      requestHash({ route: 'search', query: { brand: value }, caseInsensitive: ['q'] });
    expect(brand('Sony')).not.toBe(brand('sony'));
  });

  it('treats an undefined field as absent (an unset optional filter)', () => {
    const withUndefined = { ...base.query, brand: undefined, minPrice: undefined };
    expect(requestHash({ ...base, query: withUndefined })).toBe(requestHash(base));
  });

  it('does not treat null, empty or explicit values as absent', () => {
    const hashOf = (extra: object): string => requestHash({ ...base, query: { ...base.query, ...extra } });
    const distinct = new Set([requestHash(base), hashOf({ brand: null }), hashOf({ brand: '' })]);
    expect(distinct.size).toBe(3);
  });

  it('changes with every value, including its type and array order', () => {
    const hashOf = (extra: object): string => requestHash({ ...base, query: { ...base.query, ...extra } });
    const all = [
      requestHash(base),
      hashOf({ size: 21 }),
      hashOf({ size: '20' }),
      hashOf({ tags: ['b', 'a'] }),
      hashOf({ q: 'wireless headphone' }),
      hashOf({ nested: { a: 1 } }),
      hashOf({ nested: { a: 2 } }),
    ];
    expect(new Set(all).size).toBe(all.length);
  });

  it('sorts nested object keys too', () => {
    const a = requestHash({ route: 'r', query: { f: { x: 1, y: [{ b: 1, a: 2 }] } } });
    const b = requestHash({ route: 'r', query: { f: { y: [{ a: 2, b: 1 }], x: 1 } } });
    expect(a).toBe(b);
  });

  it('separates routes, and path params from query fields', () => {
    const query = { q: 'x' };
    expect(requestHash({ route: 'search', query })).not.toBe(requestHash({ route: 'suggest', query }));
    expect(requestHash({ route: 'product', params: { id: 'a' } })).not.toBe(
      requestHash({ route: 'product', params: { id: 'b' } }),
    );
    expect(requestHash({ route: 'r', params: { q: 'x' } })).not.toBe(requestHash({ route: 'r', query }));
  });

  it('gives the same key for a missing and an empty query or params', () => {
    expect(requestHash({ route: 'r' })).toBe(requestHash({ route: 'r', query: {}, params: {} }));
  });
});

describe('cacheKey and generationKey', () => {
  it('build prefix:namespace:hash and a separate generation key no hash can equal', () => {
    expect(cacheKey('catalog', 'search', 'h4sh')).toBe('catalog:search:h4sh');
    expect(generationKey('catalog', 'search')).toBe('catalog:search:generation');
    expect(requestHash({ route: 'r' })).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});

describe('listing members', () => {
  it('keep the hash, the text and the request apart whatever they contain', () => {
    const listing = { hash: 'h4sh', text: 'desk: lamp {x} ', request: '{"q":"Desk: Lamp {x} ","page":2}' };
    expect(parseListingMember(listingMember(listing))).toEqual(listing);
    expect(parseListingMember(listingMember({ hash: 'h4sh', text: 'a b:c' }))).toEqual({
      hash: 'h4sh',
      text: 'a b:c',
    });
  });
});
