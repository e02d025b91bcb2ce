import { Test, type TestingModule } from '@nestjs/testing';
import { CacheModule, cacheKey, ResponseCacheStore } from '@app/cache';
import { AppConfigModule } from '@app/config';
import { MetricsModule } from '@app/observability';
import { dropTestData } from './support/cleanup';
import { eventually } from './support/es';
import { rawRedis } from './support/redis';
import { testConfig } from './support/test-config';

/**
 * The Redis adapter's generation rules on the real Redis: an entry counts only for the
 * generation it was filled for, whatever order fills and writes land in.
 */
describe('RedisResponseCacheStore on real Redis', () => {
  const config = testConfig();
  const slot = { namespace: 'search', hash: 'h4shh4shh4shh4shh4shh4shh4shh4sh' };
  const entry = (text: string): Parameters<ResponseCacheStore['write']>[2] => ({
    storedAtMs: Date.now(),
    ttlMs: 60_000,
    status: 200,
    etag: `"${text}"`,
    contentType: 'application/json; charset=utf-8',
    encoding: 'identity',
    body: Buffer.from(JSON.stringify({ text })),
  });
  let module: TestingModule;
  let store: ResponseCacheStore;

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), MetricsModule, CacheModule],
    }).compile();
    await module.init();
    store = module.get(ResponseCacheStore);
    await eventually(async () => expect((await store.lookup(slot)).generation).toBe(0), 10_000);
  });
  afterAll(async () => {
    await module?.close();
    await dropTestData(config);
  });

  it('serves an entry only under the generation it was filled for, even when a late fill lands after a write', async () => {
    await store.write(slot, 0, entry('before'), 60_000);
    expect((await store.lookup(slot)).entry?.body.toString()).toBe('{"text":"before"}');

    await store.bumpGenerations(['search']);
    expect(await store.lookup(slot)).toEqual({ generation: 1, entry: undefined });

    // A fill that began before the write stores its result after it: still never served.
    await store.write(slot, 0, entry('late'), 60_000);
    expect(await store.lookup(slot)).toEqual({ generation: 1, entry: undefined });
    expect(await store.read(slot, 1)).toBeUndefined();

    await store.write(slot, 1, entry('after'), 60_000);
    const lookup = await store.lookup(slot);
    expect(lookup.generation).toBe(1);
    expect(lookup.entry?.body.toString()).toBe('{"text":"after"}');
    expect(lookup.entry?.etag).toBe('"after"');
  });

  it('keeps the entry for keepMs in one key per request (no key per generation left behind)', async () => {
    const redis = await rawRedis();
    try {
      await store.write(slot, 1, entry('kept'), 5_000);
      const key = cacheKey(config.cache.keyPrefix, slot.namespace, slot.hash);
      const pttl = await redis.pTTL(key);
      expect(pttl).toBeGreaterThan(3_000);
      expect(pttl).toBeLessThanOrEqual(5_000);
      const keys: string[] = [];
      for await (const batch of redis.scanIterator({
        MATCH: `${config.cache.keyPrefix}:search:*`,
        COUNT: 100,
      }))
        keys.push(...batch);
      expect(keys.sort()).toEqual([`${config.cache.keyPrefix}:search:generation`, key].sort());
    } finally {
      await redis.close();
    }
  });

  it('takes fill locks per generation: a fill after a write never waits on one from before it', async () => {
    const old = await store.acquireLock(slot, 1, 5_000);
    expect(old).toBeDefined();
    expect(await store.acquireLock(slot, 1, 5_000)).toBeUndefined();
    await store.bumpGenerations(['search']);
    const fresh = await store.acquireLock(slot, 2, 5_000);
    expect(fresh).toBeDefined();
    await store.releaseLock(slot, 1, old ?? '');
    expect(await store.isLocked(slot, 1)).toBe(false);
    expect(await store.isLocked(slot, 2)).toBe(true);
    await store.releaseLock(slot, 2, 'not-the-token');
    expect(await store.isLocked(slot, 2)).toBe(true);
  });
});
