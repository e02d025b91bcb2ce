import { AlgoliaError } from './algolia-error';
import { parseAlgoliaRequest } from './algolia-params';

const parse = (request: Record<string, unknown>) =>
  parseAlgoliaRequest({ indexName: 'products', ...request }, 0);
const refusal = (request: Record<string, unknown>): AlgoliaError => {
  try {
    parse(request);
  } catch (error) {
    if (error instanceof AlgoliaError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('parseAlgoliaRequest', () => {
  it('maps an InstantSearch query onto GET /search parameters', () => {
    const { search, view } = parse({
      query: 'sony headphones',
      page: 2,
      hitsPerPage: 12,
      facets: ['brand', 'category', 'price'],
      facetFilters: [['category:Audio'], ['brand:Sony'], 'tags:wireless', 'inStock:true'],
      numericFilters: ['price>=50', 'price<=400'],
      highlightPreTag: '__ais-highlight__',
      highlightPostTag: '__/ais-highlight__',
    });
    expect(search).toEqual({
      q: 'sony headphones',
      sort: 'relevance',
      page: 3,
      size: 12,
      category: 'Audio',
      brand: 'Sony',
      tags: ['wireless'],
      inStock: true,
      minPrice: 50,
      maxPrice: 400,
    });
    expect(view).toMatchObject({ page: 2, hitsPerPage: 12, facets: ['brand', 'category', 'price'] });
  });

  it('reads the url-encoded params string of older clients, with JSON fields winning over it', () => {
    const params = new URLSearchParams({
      query: 'lamp',
      hitsPerPage: '5',
      facetFilters: JSON.stringify([['brand:Acme']]),
      numericFilters: 'price:10 TO 40',
      facets: 'brand,category',
    }).toString();
    const { search, view } = parse({ params, hitsPerPage: 7 });
    expect(search).toMatchObject({ q: 'lamp', size: 7, brand: 'Acme', minPrice: 10, maxPrice: 40 });
    expect(view.facets).toEqual(['brand', 'category']);
  });

  it('maps each replica to its sort', () => {
    expect(parseAlgoliaRequest({ indexName: 'products_price_desc' }, 0).search.sort).toBe('price_desc');
    expect(parseAlgoliaRequest({ indexName: 'products_newest' }, 0).search.sort).toBe('newest');
    expect(() => parseAlgoliaRequest({ indexName: 'products_cheap' }, 0)).toThrow(
      'Index products_cheap does not exist',
    );
  });

  it('runs hitsPerPage 0 (facets only) as the smallest page', () => {
    const { search, view } = parse({ hitsPerPage: 0 });
    expect([search.size, view.hitsPerPage]).toEqual([1, 0]);
  });

  it('narrows repeated price bounds and accepts a repeated identical facet value', () => {
    const { search } = parse({
      numericFilters: ['price>=10', 'price>=20', 'price<=90', 'price=50'],
      facetFilters: [['brand:Sony', 'brand:Sony'], 'brand:sony'],
    });
    expect(search).toMatchObject({ minPrice: 50, maxPrice: 50, brand: 'Sony' });
  });

  it.each([
    [{ filters: 'brand:Sony' }, 'unsupported_parameter'],
    [{ aroundLatLng: '1,2' }, 'unsupported_parameter'],
    [{ optionalFilters: ['brand:Sony'] }, 'unsupported_parameter'],
    [{ facetFilters: [['brand:Sony', 'brand:Bose']] }, 'unsupported_parameter'],
    [{ facetFilters: ['brand:Sony', 'brand:Bose'] }, 'unsupported_parameter'],
    [{ facetFilters: ['brand:-Sony'] }, 'unsupported_parameter'],
    [{ facetFilters: ['colour:red'] }, 'unsupported_parameter'],
    [{ facetFilters: ['nocolon'] }, 'invalid_parameter'],
    [{ numericFilters: ['price>10'] }, 'unsupported_parameter'],
    [{ numericFilters: ['price!=10'] }, 'unsupported_parameter'],
    [{ numericFilters: ['price>=50', 'price<=10'] }, 'invalid_parameter'],
    [{ hitsPerPage: 101 }, 'invalid_parameter'],
    [{ page: 1.5 }, 'invalid_parameter'],
    [{ whatever: 1 }, 'unknown_parameter'],
  ])('refuses %j (%s)', (request, code) => {
    const error = refusal(request);
    expect(error.status).toBe(400);
    expect(error.code).toBe(code);
  });

  it('ignores presentation and analytics parameters and empty filters', () => {
    expect(() =>
      parse({
        analytics: false,
        clickAnalytics: true,
        userToken: 'u',
        filters: '',
        tagFilters: [],
        ruleContexts: [],
      }),
    ).not.toThrow();
  });

  it('echoes the parameters as one url-encoded string', () => {
    expect(parse({ query: 'a b', hitsPerPage: 3, facets: ['brand'] }).view.params).toBe(
      'facets=%5B%22brand%22%5D&hitsPerPage=3&query=a+b',
    );
  });
});
