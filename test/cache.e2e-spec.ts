import { productsAlias } from '@app/search';
import { PRODUCTS } from './search-fixture';
import { type ApiProcess, type LogLine, startApiProcess } from './support/api-process';
import { dropTestData } from './support/cleanup';
import { eventually, rawEs } from './support/es';
import { getTotal, searchQueryTotal } from './support/es-stats';
import { getRaw, json, type RawResponse, send } from './support/http';
import { seedProducts } from './support/seed';
import { testConfig } from './support/test-config';

const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';
const SEARCH_TTL_MS = 45_000;
const PRODUCT_TTL_MS = 30_000;

interface SearchBody {
  total: { value: number };
  hits: { id: string; title: string; price: number }[];
}

/**
 * Issue 4's "must show" list, against the compiled API as a child process (its pino JSON logs on
 * stdout are what the log assertions read) on the real Elasticsearch and Redis. Elasticsearch's
 * own per-index search counter proves which requests reached it.
 */
describe('cache-aside on real Redis and Elasticsearch (compiled API, logs on stdout)', () => {
  const config = testConfig();
  const prefix = config.cache.keyPrefix;
  const alias = productsAlias(config.elasticsearch.indexPrefix);
  const es = rawEs(config);
  let api: ApiProcess;

  const get = (path: string, headers: Record<string, string> = {}): Promise<RawResponse> =>
    getRaw(`${api.url}${path}`, headers);
  const searches = (): Promise<number> => searchQueryTotal(es, alias);
  /** The log lines of one request, once its last expected event is there (stdout is a pipe). */
  const logsOf = (res: RawResponse, lastEvent: string): Promise<LogLine[]> =>
    eventually(async () => {
      const lines = api.logsOf(res.requestId ?? '-');
      expect(lines.map((l) => l.event)).toContain(lastEvent);
      return Promise.resolve(lines);
    }, 5_000);
  const event = (lines: LogLine[], name: string): LogLine | undefined => lines.find((l) => l.event === name);
  const admin = { 'x-api-key': ADMIN_KEY };

  beforeAll(async () => {
    api = await startApiProcess(config, {
      ADMIN_API_KEY: ADMIN_KEY,
      CACHE_SEARCH_TTL_MS: String(SEARCH_TTL_MS),
      CACHE_PRODUCT_TTL_MS: String(PRODUCT_TTL_MS),
      // Strict: every write retires what it may change before it returns. The default bound is
      // tested in cache-invalidation.e2e-spec.ts.
      CACHE_SEARCH_MAX_STALENESS_MS: '0',
    });
    await seedProducts(config, PRODUCTS);
  });
  afterAll(async () => {
    await api?.stop();
    await dropTestData(config);
    await es.close();
  });

  describe('miss, then hit', () => {
    it('MISS queries Elasticsearch once and stores the body (logged with key and TTL)', async () => {
      const before = await searches();
      const miss = await get('/search?q=headphones&size=5');
      expect({ status: miss.status, cache: miss.cache }).toEqual({ status: 200, cache: 'MISS' });
      expect((await searches()) - before).toBe(1);

      const lines = await logsOf(miss, 'cache.miss');
      const query = event(lines, 'elasticsearch.query');
      const store = event(lines, 'cache.store');
      expect(query).toMatchObject({ operation: 'search', tookMs: expect.any(Number) as unknown });
      expect(store).toMatchObject({
        key: expect.stringMatching(new RegExp(`^${prefix}:search:[A-Za-z0-9_-]{32}$`)) as unknown,
        generation: expect.any(Array) as unknown,
        ttlMs: SEARCH_TTL_MS,
        // Stored compressed once at fill (the client decoded what it got).
        bytes: expect.any(Number) as unknown,
      });
      expect(Number(store?.bytes)).toBeLessThan(miss.body.length);
      expect(event(lines, 'cache.miss')).toMatchObject({ cache: 'MISS', key: store?.key });
      expect(event(lines, 'cache.hit')).toBeUndefined();
      expect(miss.headers.get('cache-control')).toMatch(/^public, max-age=45\b/);
      expect(miss.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    });

    it('the repeat is a HIT with the byte-identical body; Elasticsearch is not asked (logged with age)', async () => {
      const first = await get('/search?q=laptop&size=5');
      expect(first.cache).toBe('MISS');
      const stored = event(await logsOf(first, 'cache.miss'), 'cache.store');
      const before = await searches();

      const hit = await get('/search?q=laptop&size=5');
      expect({ status: hit.status, cache: hit.cache }).toEqual({ status: 200, cache: 'HIT' });
      expect(hit.body.equals(first.body)).toBe(true);
      expect(hit.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(hit.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(Number(hit.headers.get('age'))).toBeGreaterThanOrEqual(0);
      expect((await searches()) - before).toBe(0);

      const lines = await logsOf(hit, 'cache.hit');
      expect(event(lines, 'cache.hit')).toMatchObject({
        cache: 'HIT',
        key: stored?.key,
        ageMs: expect.any(Number) as unknown,
      });
      expect(event(lines, 'elasticsearch.query')).toBeUndefined();
      expect(event(lines, 'cache.miss')).toBeUndefined();
    });
  });

  it('gives the same key to reordered params, any case of q, extra spaces and explicit defaults', async () => {
    const before = await searches();
    const first = await get('/search?q=wireless%20headphones&brand=Sony&sort=relevance');
    expect(first.cache).toBe('MISS');
    for (const variant of [
      '/search?brand=Sony&q=wireless%20headphones',
      '/search?q=WIRELESS%20Headphones&brand=sony',
      '/search?q=%20%20wireless%20%20%20headphones%20&brand=Sony',
      '/search?q=wireless+headphones&brand=Sony&page=1&size=20&sort=relevance',
    ]) {
      const res = await get(variant);
      expect({ variant, cache: res.cache }).toEqual({ variant, cache: 'HIT' });
      expect(res.body.equals(first.body)).toBe(true);
    }
    // A different request is a different key (the normalisation does not over-reach).
    expect((await get('/search?q=wireless%20speakers&brand=Sony')).cache).toBe('MISS');
    expect((await get('/search?q=wireless%20headphones&brand=Sony&size=19')).cache).toBe('MISS');
    expect((await searches()) - before).toBe(3);
  });

  it('100 concurrent identical cold requests cause exactly one Elasticsearch search', async () => {
    const before = await searches();
    const all = await Promise.all(Array.from({ length: 100 }, () => get('/search?q=coffee&sort=rating')));
    expect(all.map((r) => r.status)).toEqual(all.map(() => 200));
    expect(new Set(all.map((r) => r.body.toString())).size).toBe(1);
    expect(all.filter((r) => r.cache !== 'MISS' && r.cache !== 'HIT')).toEqual([]);
    expect((await searches()) - before).toBe(1);
  });

  it('caches empty results: MISS then HIT, one search', async () => {
    const before = await searches();
    const miss = await get('/search?q=zzqxv%20nothingmatches');
    expect(miss.cache).toBe('MISS');
    expect(json<SearchBody>(miss)).toMatchObject({ total: { value: 0 }, hits: [] });
    const hit = await get('/search?q=zzqxv%20nothingmatches');
    expect(hit.cache).toBe('HIT');
    expect(hit.body.equals(miss.body)).toBe(true);
    expect((await searches()) - before).toBe(1);
  });

  describe('ETag', () => {
    it('If-None-Match with the ETag → 304, empty body, from Redis alone; another ETag → 200', async () => {
      const first = await get('/search?q=kettle');
      const etag = first.headers.get('etag') ?? '';
      expect(etag).not.toBe('');
      const before = await searches();

      const notModified = await get('/search?q=kettle', { 'if-none-match': etag });
      expect(notModified.status).toBe(304);
      expect(notModified.body.length).toBe(0);
      expect(notModified.headers.get('etag')).toBe(etag);
      expect(notModified.cache).toBe('HIT');
      expect((await get('/search?q=KETTLE', { 'if-none-match': `W/${etag}` })).status).toBe(304);
      expect((await get('/search?q=kettle', { 'if-none-match': `"x", ${etag}` })).status).toBe(304);

      const changed = await get('/search?q=kettle', { 'if-none-match': '"not-the-etag"' });
      expect(changed.status).toBe(200);
      expect(changed.body.equals(first.body)).toBe(true);
      expect((await searches()) - before).toBe(0);
    });
  });

  describe('invalidation on catalog writes', () => {
    it('a created, then patched product shows in the very next search (MISS), never the old body', async () => {
      const path = '/search?q=percolator';
      const empty = await get(path);
      expect(json<SearchBody>(empty).total.value).toBe(0);
      expect((await get(path)).cache).toBe('HIT');

      const product = { id: 'cache-new-1', title: 'Stovetop Percolator', brand: 'Bialetti', price: 35 };
      expect((await send('POST', `${api.url}/catalog/products`, product, admin)).status).toBe(201);
      const created = await get(path);
      expect(created.cache).toBe('MISS');
      expect(json<SearchBody>(created).hits.map((h) => [h.id, h.title])).toEqual([
        ['cache-new-1', 'Stovetop Percolator'],
      ]);
      expect((await get(path)).cache).toBe('HIT');

      const patch = { title: 'Stovetop Percolator Deluxe', price: 39 };
      expect((await send('PATCH', `${api.url}/catalog/products/cache-new-1`, patch, admin)).status).toBe(200);
      const patched = await get(path);
      expect(patched.cache).toBe('MISS');
      expect(json<SearchBody>(patched).hits).toEqual([
        expect.objectContaining({ id: 'cache-new-1', title: 'Stovetop Percolator Deluxe', price: 39 }),
      ]);
    });

    it('GET /catalog/products/:id is cached (no Elasticsearch GET on a hit), brought up to date by PATCH, retired by DELETE', async () => {
      const path = '/catalog/products/p07';
      const gets = (): Promise<number> => getTotal(es, alias);
      const cold = await gets();
      const miss = await get(path);
      expect({ status: miss.status, cache: miss.cache }).toEqual({ status: 200, cache: 'MISS' });
      expect(miss.headers.get('cache-control')).toMatch(/^public, max-age=30\b/);
      const before = await gets();
      expect(before - cold).toBe(1);
      const hit = await get(path);
      expect(hit.cache).toBe('HIT');
      expect(hit.body.equals(miss.body)).toBe(true);
      expect((await gets()) - before).toBe(0);

      const price = json<{ price: number }>(miss).price + 1;
      const written = await send('PATCH', `${api.url}${path}`, { price }, admin);
      expect(written.status).toBe(200);
      const afterWrite = await gets();
      const patched = await get(path);
      // The update's result is the page: stored in place of the old one, what the PATCH returned.
      expect(patched.cache).toBe('HIT');
      expect(json<{ price: number }>(patched).price).toBe(price);
      expect(json(patched)).toEqual(written.body);
      expect((await gets()) - afterWrite).toBe(0);

      expect((await send('DELETE', `${api.url}${path}`, undefined, admin)).status).toBe(204);
      const gone = await get(path);
      expect(gone.status).toBe(404);
      expect(gone.cache).toBeNull();
      expect((await get(path)).status).toBe(404);
    });

    it('a bulk write invalidates too', async () => {
      const path = '/search?q=samovar';
      expect(json<SearchBody>(await get(path)).total.value).toBe(0);
      expect((await get(path)).cache).toBe('HIT');
      const bulk = await send(
        'POST',
        `${api.url}/catalog/products/bulk`,
        [{ id: 'bulk-1', title: 'Samovar' }],
        admin,
      );
      expect(bulk.status).toBe(200);
      const after = await get(path);
      expect(after.cache).toBe('MISS');
      expect(json<SearchBody>(after).hits.map((h) => h.id)).toEqual(['bulk-1']);
    });
  });

  describe('stats and metrics', () => {
    const stats = async (): Promise<{ hits: number; misses: number; hitRatio: number }> => {
      const res = await get('/cache/stats', admin);
      expect(res.status).toBe(200);
      return json(res);
    };
    const counter = (text: string, route: string, result: string): number => {
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`cache_requests_total{route="${route}",result="${result}"}`));
      return line ? Number(line.split(' ').pop()) : 0;
    };
    const metrics = async (): Promise<string> => (await get('/metrics')).body.toString();

    it('GET /cache/stats needs the admin key', async () => {
      expect((await get('/cache/stats')).status).toBe(401);
      expect((await get('/cache/stats', { 'x-api-key': `${ADMIN_KEY}x` })).status).toBe(401);
      expect((await get('/cache/stats', admin)).status).toBe(200);
    });

    it('/cache/stats and /metrics count exactly the hits and misses served', async () => {
      const [s0, m0] = [await stats(), await metrics()];
      const path = '/search/suggest?q=blen';
      expect((await get(path)).cache).toBe('MISS');
      for (let i = 0; i < 3; i++) expect((await get(path)).cache).toBe('HIT');
      expect((await get('/search?q=blender%20jar')).cache).toBe('MISS');
      const [s1, m1] = [await stats(), await metrics()];

      expect({ hits: s1.hits - s0.hits, misses: s1.misses - s0.misses }).toEqual({ hits: 3, misses: 2 });
      expect(s1.hitRatio).toBeCloseTo(s1.hits / (s1.hits + s1.misses), 10);
      expect(s1.hitRatio).toBeGreaterThan(0);
      expect(counter(m1, 'suggest', 'hit') - counter(m0, 'suggest', 'hit')).toBe(3);
      expect(counter(m1, 'suggest', 'miss') - counter(m0, 'suggest', 'miss')).toBe(1);
      expect(counter(m1, 'search', 'miss') - counter(m0, 'search', 'miss')).toBe(1);
      expect(counter(m1, 'search', 'hit') - counter(m0, 'search', 'hit')).toBe(0);
      expect(m1).toMatch(/^elasticsearch_query_duration_seconds_count\{operation="search"\} [1-9]/m);
    });
  });
});
