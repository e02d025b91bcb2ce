import { productsAlias } from '@app/search';
import { PRODUCTS } from './search-fixture';
import { dropTestData } from './support/cleanup';
import { eventually, rawEs } from './support/es';
import { searchQueryTotal } from './support/es-stats';
import { getRaw, json, type RawResponse, send } from './support/http';
import { PrivateRedis } from './support/private-redis';
import { seedProducts } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';

const REDIS_TIMEOUT_MS = 250;
// Each request while Redis is away may cost one Redis timeout plus one Elasticsearch search;
// the rest is slack for a busy CI machine. What must not happen is waiting on Redis for longer.
const BOUND_MS = REDIS_TIMEOUT_MS + 1_500;

describe('Redis outage: the API keeps answering from Elasticsearch, then caches again', () => {
  let redis: PrivateRedis;
  let app: TestApp;
  const es = rawEs(testConfig());
  let alias: string;

  const search = (q: string, headers: Record<string, string> = {}): Promise<RawResponse> =>
    getRaw(`${app.url}/search?q=${encodeURIComponent(q)}`, headers);
  const expectBypass = (res: RawResponse): void => {
    expect({ status: res.status, cache: res.cache }).toEqual({ status: 200, cache: 'BYPASS' });
    expect(res.elapsedMs).toBeLessThan(BOUND_MS);
  };
  /** MISS then HIT once Redis is back (the first request after it returns may still bypass). */
  const expectCachingAgain = (q: string): Promise<void> =>
    eventually(async () => {
      const res = await search(q);
      expect(res.status).toBe(200);
      expect(res.cache).toBe('HIT');
    }, 20_000);

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const config = testConfig({
      REDIS_URL: redis.url,
      REDIS_TIMEOUT_MS: String(REDIS_TIMEOUT_MS),
      // The Redis tier alone: with the L1 on (the default), copies it holds answer HIT for up to
      // CACHE_L1_MAX_AGE_MS first — that case is test/cache-l1.e2e-spec.ts "Redis cut off".
      CACHE_L1_MAX_BYTES: '0',
      ADMIN_API_KEY: 'e2e-admin-key-0123456789abcdef',
    });
    alias = productsAlias(config.elasticsearch.indexPrefix);
    app = await startTestApp(config);
    await seedProducts(config, PRODUCTS);
  });
  beforeEach(async () => {
    redis.thaw();
    if (!redis.running) await redis.restart();
  });
  afterAll(async () => {
    await redis?.kill();
    await app?.close();
    if (app) await dropTestData(app.config);
    await es.close();
  });

  it('serves 200 BYPASS within the bound while Redis is dead, and HIT again after it restarts', async () => {
    await expectCachingAgain('laptop');
    const cached = await search('laptop');
    await redis.kill();

    const before = await searchQueryTotal(es, alias);
    const sequential: RawResponse[] = [];
    for (let i = 0; i < 5; i++) sequential.push(await search('laptop'));
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => search(`laptop ${i % 4}`)));
    for (const res of [...sequential, ...burst]) expectBypass(res);
    // The same results as the cached copy (only Elasticsearch's own `tookMs` differs per search).
    const results = (res: RawResponse): unknown => ({ ...json<object>(res), tookMs: 0 });
    for (const res of sequential) expect(results(res)).toEqual(results(cached));
    // Nothing answered from a cache: every bypass is its own search.
    expect((await searchQueryTotal(es, alias)) - before).toBeGreaterThanOrEqual(5);

    await redis.restart();
    await expectCachingAgain('laptop');
  });

  it('bounds latency while Redis hangs (connection open, no answers), and recovers when it resumes', async () => {
    await expectCachingAgain('headphones');
    redis.freeze();
    try {
      const sequential: RawResponse[] = [];
      for (let i = 0; i < 6; i++) sequential.push(await search('headphones'));
      const burst = await Promise.all(Array.from({ length: 20 }, () => search('headphones')));
      for (const res of [...sequential, ...burst]) expectBypass(res);
    } finally {
      redis.thaw();
    }
    await expectCachingAgain('headphones');
  });

  it('never serves a pre-write copy after a write made while Redis hung', async () => {
    await expectCachingAgain('espresso');
    const before = json<{ hits: { id: string }[] }>(await search('espresso'));
    const id = before.hits[0]?.id;
    expect(id).toBeDefined();
    redis.freeze();
    try {
      const patched = await send(
        'PATCH',
        `${app.url}/catalog/products/${id}`,
        { title: 'Espresso Renamed While Redis Hung' },
        { 'x-api-key': 'e2e-admin-key-0123456789abcdef' },
      );
      expect(patched.status).toBe(200);
    } finally {
      redis.thaw();
    }
    // Redis kept the old entry; the generation bump that failed must still retire it.
    for (let i = 0; i < 5; i++) {
      const res = await search('espresso');
      expect(res.status).toBe(200);
      expect(res.body.toString()).toContain('Espresso Renamed While Redis Hung');
    }
    await expectCachingAgain('espresso');
  });
});
