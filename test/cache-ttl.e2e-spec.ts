import type { RedisClientType } from '@keyv/redis';
import { cacheKey } from '@app/cache';
import { productsAlias } from '@app/search';
import { PRODUCTS } from './search-fixture';
import { dropTestData } from './support/cleanup';
import { eventually, rawEs } from './support/es';
import { searchQueryTotal } from './support/es-stats';
import { getRaw, json, type RawResponse } from './support/http';
import { rawRedis } from './support/redis';
import { seedProducts } from './support/seed';
import { startTestApp } from './support/test-app';
import { testConfig } from './support/test-config';

const sleepUntil = async (deadlineMs: number): Promise<void> => {
  const waitMs = deadlineMs - Date.now();
  if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
};

/** Starts an app on its own prefixes with the 30 fixture products; returns helpers bound to it. */
async function fixtureApp(overrides: Record<string, string>) {
  const app = await startTestApp(testConfig(overrides));
  await seedProducts(app.config, PRODUCTS);
  const alias = productsAlias(app.config.elasticsearch.indexPrefix);
  const es = rawEs(app.config);
  return {
    app,
    get: (path: string): Promise<RawResponse> => getRaw(`${app.url}${path}`),
    searches: (): Promise<number> => searchQueryTotal(es, alias),
    es,
    alias,
    close: async (): Promise<void> => {
      await app.close();
      await dropTestData(app.config);
      await es.close();
    },
  };
}

const SEARCH_TTL_MS = 1_500;

describe.each([
  // No stale windows: Redis itself drops the entry at the TTL.
  { staleIfErrorMs: 0, keptMs: SEARCH_TTL_MS },
  // The default: Redis keeps the entry for stale-if-error, so only the app's own age check
  // turns it into a MISS after the TTL.
  { staleIfErrorMs: 300_000, keptMs: SEARCH_TTL_MS + 300_000 },
])(
  'TTL with stale-if-error $staleIfErrorMs ms: honoured per route, then a MISS again',
  ({ staleIfErrorMs, keptMs }) => {
    let ctx: Awaited<ReturnType<typeof fixtureApp>>;
    let redis: RedisClientType;
    beforeAll(async () => {
      ctx = await fixtureApp({
        CACHE_TTL_MS: '60000',
        CACHE_SEARCH_TTL_MS: String(SEARCH_TTL_MS),
        CACHE_SWR_MS: '0',
        CACHE_STALE_IF_ERROR_MS: String(staleIfErrorMs),
      });
      redis = await rawRedis();
    });
    afterAll(async () => {
      await redis?.close();
      await ctx?.close();
    });

    /** The one search entry the app stored (found by SCAN on its own prefix). */
    const storedSearchKey = async (): Promise<string> => {
      const keys: string[] = [];
      const pattern = `${ctx.app.config.cache.keyPrefix}:search:*`;
      for await (const batch of redis.scanIterator({ MATCH: pattern, COUNT: 500 })) keys.push(...batch);
      const entries = keys.filter((key) => !key.endsWith(':generation') && !key.includes(':lock:'));
      expect(entries).toHaveLength(1);
      const hash = entries[0]?.split(':').pop() ?? '';
      return cacheKey(ctx.app.config.cache.keyPrefix, 'search', hash);
    };

    it('HIT before the search TTL, MISS after it; the product route keeps its own longer TTL', async () => {
      const product = await ctx.get('/catalog/products/p01');
      expect(product.cache).toBe('MISS');
      expect(product.headers.get('cache-control')).toMatch(/^public, max-age=60\b/);

      const before = await ctx.searches();
      const miss = await ctx.get('/search?q=laptop');
      const storedBy = Date.now(); // the entry was stored before its response arrived
      expect(miss.cache).toBe('MISS');
      expect(miss.headers.get('cache-control')).toMatch(/^public, max-age=1\b/);
      const hit = await ctx.get('/search?q=laptop');
      expect(hit.cache).toBe('HIT');
      expect((await ctx.searches()) - before).toBe(1);

      // Redis holds the entry for the TTL plus the stale-if-error window.
      const key = await storedSearchKey();
      const pttl = await redis.pTTL(key);
      expect(pttl).toBeGreaterThan(keptMs - 5_000);
      expect(pttl).toBeLessThanOrEqual(keptMs);

      await sleepUntil(storedBy + SEARCH_TTL_MS + 100);
      expect(await redis.exists(key)).toBe(staleIfErrorMs === 0 ? 0 : 1);
      const expired = await ctx.get('/search?q=laptop');
      expect(expired.cache).toBe('MISS');
      expect((await ctx.searches()) - before).toBe(2);
      expect((await ctx.get('/search?q=laptop')).cache).toBe('HIT');
      expect((await ctx.get('/catalog/products/p01')).cache).toBe('HIT');
    });
  },
);

describe('stale-while-revalidate and stale-if-error', () => {
  const TTL_MS = 1_000;
  const SWR_MS = 2_000;
  let ctx: Awaited<ReturnType<typeof fixtureApp>>;
  beforeAll(async () => {
    ctx = await fixtureApp({
      CACHE_SEARCH_TTL_MS: String(TTL_MS),
      CACHE_SWR_MS: String(SWR_MS),
      CACHE_STALE_IF_ERROR_MS: '120000',
    });
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it('after the TTL serves STALE at once and refreshes it in the background, once', async () => {
    const first = await ctx.get('/search?q=kettle');
    const storedBy = Date.now();
    expect(first.cache).toBe('MISS');
    expect(first.headers.get('cache-control')).toBe(
      'public, max-age=1, stale-while-revalidate=2, stale-if-error=120',
    );
    await sleepUntil(storedBy + TTL_MS + 100);
    const before = await ctx.searches();
    const stale = await Promise.all(Array.from({ length: 5 }, () => ctx.get('/search?q=kettle')));
    expect(stale.map((r) => r.cache)).toEqual(stale.map(() => 'STALE'));
    for (const res of stale) expect(res.body.equals(first.body)).toBe(true);
    // The refreshed copy replaces the stale one (Age back to 0), after exactly one search.
    const fresh = await eventually(async () => {
      const res = await ctx.get('/search?q=kettle');
      expect(res.cache).toBe('HIT');
      return res;
    }, 5_000);
    expect(fresh.headers.get('age')).toBe('0');
    expect((await ctx.searches()) - before).toBe(1);
  });

  it('serves the expired copy as STALE when Elasticsearch fails, and a 5xx without one', async () => {
    const first = await ctx.get('/search?q=toaster');
    const storedBy = Date.now();
    expect(first.cache).toBe('MISS');
    // Past the TTL and the stale-while-revalidate window: a plain MISS, unless the search fails.
    await sleepUntil(storedBy + TTL_MS + SWR_MS + 100);
    await ctx.es.indices.putSettings({ index: ctx.alias, settings: { 'index.blocks.read': true } });
    try {
      const res = await ctx.get('/search?q=toaster&page=1');
      expect(res.status).toBe(200);
      expect(res.cache).toBe('STALE');
      expect(json<object>(res)).toEqual(json<object>(first));
      const uncached = await ctx.get('/search?q=never%20cached');
      expect(uncached.status).toBeGreaterThanOrEqual(500);
    } finally {
      await ctx.es.indices.putSettings({ index: ctx.alias, settings: { 'index.blocks.read': null } });
    }
    // Elasticsearch is back: the next request is a plain MISS with a fresh copy.
    expect((await ctx.get('/search?q=toaster')).cache).toBe('MISS');
  });
});
