import { liteClient, type LiteClient } from 'algoliasearch/lite';
import { PRODUCTS, type FixtureProduct } from './search-fixture';
import { dropTestData } from './support/cleanup';
import { getRaw, send } from './support/http';
import { withinOneRateWindow } from './support/rate-window';
import { seedProducts } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';

const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';

interface Highlight {
  value: string;
  matchLevel: string;
  matchedWords: string[];
}
interface Result {
  hits: ({ objectID: string; price: number; _highlightResult?: Record<string, Highlight> } & Record<
    string,
    unknown
  >)[];
  nbHits: number;
  page: number;
  nbPages: number;
  hitsPerPage: number;
  facets: Record<string, Record<string, number>>;
  facets_stats: Record<string, { min: number; max: number }>;
  index: string;
  query: string;
  cache: { status: string; ageMS: number };
}
type Request = Record<string, unknown> & { indexName: string };

function counts(products: FixtureProduct[], key: 'brand' | 'category'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of products) out[p[key]] = (out[p[key]] ?? 0) + 1;
  return out;
}

describe('POST /1/indexes/*/queries with the real algoliasearch lite client', () => {
  // Timeouts a loaded shared machine does not trip: a write waits for Elasticsearch's refresh, and
  // a Redis call past REDIS_TIMEOUT_MS is a BYPASS where these tests expect a HIT.
  const config = testConfig({
    ADMIN_API_KEY: ADMIN_KEY,
    CACHE_SEARCH_MAX_STALENESS_MS: '0',
    ELASTICSEARCH_TIMEOUT_MS: '30000',
    REDIS_TIMEOUT_MS: '2000',
  });
  let app: TestApp;
  let client: LiteClient;

  const search = async (requests: Request[]): Promise<Result[]> =>
    (await client.search({ requests })).results as unknown as Result[];
  /** The raw HTTP exchange, for headers and error bodies. */
  const post = (body: unknown, contentType = 'text/plain') =>
    fetch(`${app.url}/1/indexes/*/queries`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    app = await startTestApp(config);
    await seedProducts(config, PRODUCTS);
    const { host, port } = new URL(app.url);
    client = liteClient('test-app', 'search-only-key', {
      hosts: [{ url: `${host.split(':')[0]}:${port}`, protocol: 'http', accept: 'readWrite' }],
    });
  });
  afterAll(async () => {
    await app?.close();
    await dropTestData(config);
  });

  it('a multi-query with facets and filters returns the expected products and facet counts; the identical second call is a cache hit', async () => {
    const requests: Request[] = [
      {
        indexName: 'products',
        query: '',
        hitsPerPage: 10,
        facets: ['brand', 'category', 'price'],
        facetFilters: [['category:Audio'], ['brand:Sony']],
        numericFilters: ['price>=100'],
      },
      // What InstantSearch adds for a refined disjunctive facet: its counts without its own filter.
      {
        indexName: 'products',
        query: '',
        hitsPerPage: 0,
        facets: ['brand'],
        facetFilters: [['category:Audio']],
        numericFilters: ['price>=100'],
        analytics: false,
        clickAnalytics: false,
      },
    ];
    const audio = PRODUCTS.filter((p) => p.category === 'Audio' && p.price >= 100);
    const expected = audio.filter((p) => p.brand === 'Sony');
    expect(expected.length).toBeGreaterThan(1);

    const [main, brands] = await search(requests);
    expect(main.hits.map((h) => h.objectID).sort()).toEqual(expected.map((p) => p.id).sort());
    expect(main.nbHits).toBe(expected.length);
    expect(main.hitsPerPage).toBe(10);
    expect(main.page).toBe(0);
    expect(main.nbPages).toBe(1);
    // Each facet counts over every filter except its own (as Algolia's disjunctive facets do).
    expect(main.facets.brand).toEqual(counts(audio, 'brand'));
    const sony = PRODUCTS.filter((p) => p.brand === 'Sony' && p.price >= 100);
    expect(main.facets.category).toEqual(counts(sony, 'category'));
    const priced = PRODUCTS.filter((p) => p.brand === 'Sony' && p.category === 'Audio');
    expect(main.facets_stats.price).toMatchObject({
      min: Math.min(...priced.map((p) => p.price)),
      max: Math.max(...priced.map((p) => p.price)),
    });
    expect(brands.hits).toEqual([]);
    expect(brands.nbHits).toBe(audio.length);
    expect(brands.facets).toEqual({ brand: counts(audio, 'brand') });
    expect([main.cache.status, brands.cache.status]).toEqual(['MISS', 'MISS']);

    const again = await search(requests);
    expect(again.map((r) => r.cache.status)).toEqual(['HIT', 'HIT']);
    expect(again.map((r) => r.hits)).toEqual([main.hits, brands.hits]);
    expect(again[0].facets).toEqual(main.facets);

    const raw = await post({ requests });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('x-cache')).toBe('HIT');
    expect(raw.headers.get('x-cache-queries')).toBe('HIT, HIT');
    expect(raw.headers.get('cache-control')).toBe('no-store');
  });

  it('shares its cache entries with the equivalent GET /search, whatever the key order of the body', async () => {
    const query = { indexName: 'products_price_asc', query: 'Coffee', hitsPerPage: 5, page: 1 };
    const first = await post({ requests: [query] });
    expect(first.headers.get('x-cache')).toBe('MISS');
    // Same query: keys reordered, the params-string form, and the query in another case.
    const reordered = await post({
      requests: [{ page: 1, hitsPerPage: 5, query: 'coffee', indexName: 'products_price_asc' }],
    });
    expect(reordered.headers.get('x-cache')).toBe('HIT');
    const legacy = await post({
      requests: [{ indexName: 'products_price_asc', params: 'query=coffee&hitsPerPage=5&page=1' }],
    });
    expect(legacy.headers.get('x-cache')).toBe('HIT');
    const get = await getRaw(`${app.url}/search?sort=price_asc&size=5&q=coffee&page=2`);
    expect(get.cache).toBe('HIT');
    // And the other way round: a GET fills, the multi-query hits.
    expect((await getRaw(`${app.url}/search?q=knife&brand=Wusthof`)).cache).toBe('MISS');
    const fromGet = await post({
      requests: [{ indexName: 'products', query: 'knife', facetFilters: ['brand:Wusthof'] }],
    });
    expect(fromGet.headers.get('x-cache')).toBe('HIT');
  });

  it("shares GET /search's entries and their invalidation: a stock write brings the cached query up to date in place, a rating write retires it", async () => {
    const requests: Request[] = [{ indexName: 'products', query: 'moka', hitsPerPage: 5 }];
    await search(requests);
    expect((await search(requests))[0].cache.status).toBe('HIT');
    const patch = async (body: object): Promise<void> => {
      const patched = await send('PATCH', `${app.url}/catalog/products/p17`, body, {
        'x-api-key': ADMIN_KEY,
      });
      expect(patched.status).toBe(200);
    };
    await patch({ stock: 49 });
    const [stocked] = await search(requests);
    expect(stocked.cache.status).toBe('HIT');
    expect(stocked.hits.find((h) => h.objectID === 'p17')?.stock).toBe(49);
    await patch({ rating: 4.5 });
    const [rated] = await search(requests);
    expect(rated.cache.status).toBe('MISS');
    expect(rated.hits.find((h) => h.objectID === 'p17')?.rating).toBe(4.5);
  });

  it('highlights with the tags the client asks for, on the raw text', async () => {
    const [result] = await search([
      {
        indexName: 'products',
        query: 'headphones',
        highlightPreTag: '__ais-highlight__',
        highlightPostTag: '__/ais-highlight__',
      },
    ]);
    expect(result.nbHits).toBeGreaterThan(0);
    const sony = result.hits.find((h) => h.objectID === 'p05');
    expect(sony?._highlightResult?.title).toMatchObject({
      value: 'Sony WH-1000XM5 Wireless __ais-highlight__Headphones__/ais-highlight__',
      matchLevel: 'full',
      matchedWords: ['headphones'],
    });
    expect(sony?._highlightResult?.brand).toMatchObject({ value: 'Sony', matchLevel: 'none' });
  });

  it('serves the sort replicas and pages', async () => {
    const prices = (result: Result) => result.hits.map((h) => h.price);
    const [asc, desc, page2] = await search([
      { indexName: 'products_price_asc', query: '', hitsPerPage: 5 },
      { indexName: 'products_price_desc', query: '', hitsPerPage: 5 },
      { indexName: 'products_price_asc', query: '', hitsPerPage: 5, page: 1 },
    ]);
    const sorted = PRODUCTS.map((p) => p.price).sort((a, b) => a - b);
    expect(prices(asc)).toEqual(sorted.slice(0, 5));
    expect(prices(desc)).toEqual([...sorted].reverse().slice(0, 5));
    expect(prices(page2)).toEqual(sorted.slice(5, 10));
    expect(page2).toMatchObject({
      page: 1,
      nbPages: Math.ceil(PRODUCTS.length / 5),
      index: 'products_price_asc',
    });
  });

  it('counts against the read rate limit, not the write limit', async () => {
    const limited = await startTestApp(
      testConfig({ RATE_LIMIT_READ_PER_MIN: '3', RATE_LIMIT_WRITE_PER_MIN: '1' }),
    );
    try {
      const call = () =>
        fetch(`${limited.url}/1/indexes/*/queries`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ requests: [{ indexName: 'products', query: 'lamp' }] }),
        });
      await withinOneRateWindow();
      for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200);
      const refused = await call();
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/read requests/);
    } finally {
      await limited.close();
      await dropTestData(limited.config);
    }
  });

  describe('refused input: an Algolia error ({ message, status }) in a problem+json body, never a 5xx', () => {
    it('an unknown index is a 404, also through the client', async () => {
      await expect(search([{ indexName: 'nope' }])).rejects.toMatchObject({
        status: 404,
        message: 'Index nope does not exist',
      });
      const res = await post({ requests: [{ indexName: 'nope' }] });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ status: 404, message: 'Index nope does not exist' });
    });

    it.each([
      ['a parameter that would change the hits', { filters: 'brand:Sony' }, /filters is not supported/],
      ['an unknown parameter', { colour: 'red' }, /Unknown parameter: colour/],
      ['an OR group of two brands', { facetFilters: [['brand:Sony', 'brand:Bose']] }, /OR group/],
      ['a negated facet', { facetFilters: ['brand:-Sony'] }, /negation/],
      ['a strict numeric bound', { numericFilters: ['price>10'] }, /inclusive bounds only/],
      ['a numeric filter on another attribute', { numericFilters: ['rating>=4'] }, /not filterable/],
      ['hitsPerPage above 100', { hitsPerPage: 1000 }, /hitsPerPage must be an integer from 0 to 100/],
      ['a page past the result window', { hitsPerPage: 100, page: 100 }, /10000|window/i],
      ['a query that is not a string', { query: 42 }, /query must be a string/],
      ['a facet search', { type: 'facet', facet: 'brand' }, /type "facet" is not supported/],
    ])('%s → 400', async (_name, params, message) => {
      await expect(search([{ indexName: 'products', ...params }])).rejects.toMatchObject({ status: 400 });
      const res = await post({ requests: [{ indexName: 'products', ...params }] });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { message: string; status: number; detail: string };
      expect(body.status).toBe(400);
      expect(body.message).toMatch(message);
      expect(body.detail).toBe(body.message);
    });

    it('ignores parameters that only shape presentation or analytics, as Algolia would', async () => {
      const res = await post({
        requests: [
          {
            indexName: 'products',
            query: 'lamp',
            analytics: false,
            clickAnalytics: true,
            userToken: 'u1',
            getRankingInfo: true,
            snippetEllipsisText: '…',
            tagFilters: '',
            filters: '',
          },
        ],
      });
      expect(res.status).toBe(200);
    });

    it.each([
      ['not JSON', '{"requests": ['],
      ['no requests', '{}'],
      ['an empty list', '{"requests": []}'],
      ['a request that is not an object', '{"requests": [1]}'],
      ['a prototype key', '{"requests": [{"indexName": "products", "__proto__": {"x": 1}}]}'],
      [
        'too many queries',
        JSON.stringify({ requests: Array.from({ length: 21 }, () => ({ indexName: 'products' })) }),
      ],
    ])('a body with %s → 400', async (_name, body) => {
      // text/plain is what algoliasearch sends: the answer carries Algolia's `message`.
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message?: string }).message).toEqual(expect.any(String));
      // As JSON, the server's own JSON parser may refuse it first: a 400 problem all the same.
      const asJson = await post(body, 'application/json');
      expect(asJson.status).toBe(400);
      expect(asJson.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('a path other than * is an unknown index', async () => {
      const res = await fetch(`${app.url}/1/indexes/products/queries`, {
        method: 'POST',
        body: '{"requests":[]}',
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ message: 'Index products does not exist' });
    });
  });
});
