import { Logger } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { Metrics } from '@app/observability';
import type { CacheAsideOptions } from './cache-aside.options';
import { CacheAsideService } from './cache-aside.service';
import { CacheFiller } from './cache-filler';
import { cachedResponse } from './cached-response';
import { RequestCanonicalizer } from './request-canonicalizer';
import { InMemoryResponseCacheStore } from './testing/in-memory-response-cache.store';

const OPTIONS: CacheAsideOptions = { route: 'product', namespace: 'products', params: ['id'] };
const TTL_MS = 60_000;
const SWR_MS = 10_000;
const SIE_MS = 300_000;

/** The HIT / MISS / STALE / BYPASS decision every request of a cached route goes through. */
describe('CacheAsideService: the cache decision', () => {
  let store: InMemoryResponseCacheStore;
  let service: CacheAsideService;
  let canonicalizer: RequestCanonicalizer;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    const config = loadConfig({
      CACHE_KEY_PREFIX: 'unit-decision',
      CACHE_TTL_MS: String(TTL_MS),
      CACHE_SWR_MS: String(SWR_MS),
      CACHE_STALE_IF_ERROR_MS: String(SIE_MS),
    });
    const metrics = new Metrics();
    store = new InMemoryResponseCacheStore('unit-decision');
    canonicalizer = new RequestCanonicalizer();
    service = new CacheAsideService(
      store,
      canonicalizer,
      new CacheFiller(store, metrics, config),
      metrics,
      config,
    );
  });

  const begin = (id = 'p-1') => service.begin(OPTIONS, `/catalog/products/${id}`, () => ({}), { id });
  async function storedAgo(ageMs: number, id = 'p-1'): Promise<void> {
    const slot = await canonicalizer.slot(OPTIONS, `/catalog/products/${id}`, {}, { id });
    if (!slot) throw new Error('no slot');
    const entry = cachedResponse(Buffer.from('{}'), TTL_MS, 'application/json', Date.now() - ageMs);
    await store.write(slot, (await store.lookup(slot)).generation, entry, TTL_MS + SIE_MS);
  }

  it('MISS when nothing is stored, with no fallback', async () => {
    const context = await begin();
    expect(context.state).toBe('MISS');
    expect(context.fallback).toBeUndefined();
    expect(context.ttlMs).toBe(TTL_MS);
  });

  it('HIT while the entry is within its TTL', async () => {
    await storedAgo(TTL_MS - 1_000);
    const context = await begin();
    expect(context.state).toBe('HIT');
    expect(context.lookup?.entry).toBeDefined();
  });

  it('STALE past the TTL within stale-while-revalidate: the old copy is the fallback', async () => {
    await storedAgo(TTL_MS + SWR_MS - 1_000);
    const context = await begin();
    expect(context.state).toBe('STALE');
    expect(context.fallback).toBe(context.lookup?.entry);
  });

  it('MISS past stale-while-revalidate, keeping the copy for stale-if-error only within that window', async () => {
    await storedAgo(TTL_MS + SWR_MS + 1_000);
    const within = await begin();
    expect(within.state).toBe('MISS');
    expect(within.fallback).toBeDefined();
    await storedAgo(TTL_MS + SIE_MS + 1_000, 'p-2');
    const past = await begin('p-2');
    expect(past.state).toBe('MISS');
    expect(past.fallback).toBeUndefined();
  });

  it('BYPASS when the store cannot answer, and for a request that has no key (invalid)', async () => {
    store.available = false;
    const away = await begin();
    expect(away.state).toBe('BYPASS');
    expect(away.slot).toBeDefined();
    store.available = true;
    const invalid = await service.lookup(OPTIONS, null);
    expect(invalid.state).toBe('BYPASS');
    expect(invalid.slot).toBeUndefined();
  });

  it('a retired generation turns a stored entry into a MISS', async () => {
    await storedAgo(0);
    expect((await begin()).state).toBe('HIT');
    await store.bumpGenerations([{ namespace: 'products' }]);
    expect((await begin()).state).toBe('MISS');
  });
});
