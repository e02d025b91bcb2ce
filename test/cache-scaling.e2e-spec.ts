import { productsAlias } from '@app/search';
import { PRODUCTS } from './search-fixture';
import { type ApiProcess, startApiProcess } from './support/api-process';
import { dropTestData } from './support/cleanup';
import { rawEs } from './support/es';
import { searchQueryTotal } from './support/es-stats';
import { getRaw, json, type RawResponse, send } from './support/http';
import { seedProducts } from './support/seed';
import { testConfig } from './support/test-config';

const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';

/**
 * Two API processes (compiled, as deployed) on one Redis and one index, sharing INDEX_PREFIX and
 * CACHE_KEY_PREFIX: they coalesce misses through the Redis fill lock, and a write through one
 * retires the other's cached copies before the write returns.
 */
describe('horizontal scaling: two API instances, one Redis, one index', () => {
  const config = testConfig();
  const alias = productsAlias(config.elasticsearch.indexPrefix);
  const es = rawEs(config);
  let a: ApiProcess;
  let b: ApiProcess;
  const admin = { 'x-api-key': ADMIN_KEY };
  const searches = (): Promise<number> => searchQueryTotal(es, alias);
  const get = (api: ApiProcess, path: string): Promise<RawResponse> => getRaw(`${api.url}${path}`);

  beforeAll(async () => {
    const env = { ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'warn' };
    a = await startApiProcess(config, env);
    b = await startApiProcess(config, env);
    await seedProducts(config, PRODUCTS);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await dropTestData(config);
    await es.close();
  });

  it('100 cold identical requests split across both instances cause one Elasticsearch search', async () => {
    const path = '/search?q=wireless&sort=price_asc';
    const before = await searches();
    const all = await Promise.all(Array.from({ length: 100 }, (_, i) => get(i % 2 === 0 ? a : b, path)));
    expect(all.map((r) => r.status)).toEqual(all.map(() => 200));
    expect(new Set(all.map((r) => r.body.toString())).size).toBe(1);
    expect((await searches()) - before).toBe(1);
    // B missed too (its lookup ran while A's search was in flight), yet did not search: the
    // cross-instance lock did the coalescing, not a lucky ordering.
    expect(all.filter((r, i) => i % 2 === 1 && r.cache === 'MISS').length).toBeGreaterThan(0);
    // Both served it: the instance without the lock waited for the other's result.
    expect((await get(a, path)).cache).toBe('HIT');
    expect((await get(b, path)).cache).toBe('HIT');
  });

  it('a write through A is never served stale by B (search and product routes)', async () => {
    const search = '/search?q=grinder';
    const product = '/catalog/products/p15';
    for (let round = 1; round <= 5; round++) {
      // B holds fresh copies of both...
      await get(b, search);
      await get(b, product);
      expect((await get(b, search)).cache).toBe('HIT');
      expect((await get(b, product)).cache).toBe('HIT');
      // ...then A writes, and B's very next answers show the write.
      const title = `Bosch Coffee Grinder round ${round}`;
      expect((await send('PATCH', `${a.url}${product}`, { title }, admin)).status).toBe(200);
      const [searched, fetched] = [await get(b, search), await get(b, product)];
      expect(searched.cache).toBe('MISS');
      expect(json<{ hits: { id: string; title: string }[] }>(searched).hits).toContainEqual(
        expect.objectContaining({ id: 'p15', title }),
      );
      // The page is brought up to date in place: a HIT on B with the written title.
      expect(fetched.cache).toBe('HIT');
      expect(json<{ title: string }>(fetched).title).toBe(title);
    }
  });
});
