import { Logger } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { Metrics } from '@app/observability';
import type { CacheAsideOptions } from './cache-aside.options';
import { CacheAsideService } from './cache-aside.service';
import { CacheFiller } from './cache-filler';
import { cachedResponse } from './cached-response';
import { RequestCanonicalizer } from './request-canonicalizer';
import type { CacheLookup, CacheSlot } from './response-cache.store';
import { InMemoryResponseCacheStore } from './testing/in-memory-response-cache.store';

const OPTIONS: CacheAsideOptions = { route: 'search', namespace: 'search' };
const SLOT: CacheSlot = { namespace: 'search', hash: 'h', filters: ['inStock'] };

/** The service on an in-memory store with this clock and grace after a soft move. */
function serviceOn(env: Record<string, string>, now: () => number, graceMs: number) {
  const config = loadConfig({ CACHE_KEY_PREFIX: 'unit', CACHE_SEARCH_TTL_MS: '60000', ...env });
  const store = new InMemoryResponseCacheStore('unit', now, graceMs);
  const metrics = new Metrics();
  const service = new CacheAsideService(
    store,
    new RequestCanonicalizer(),
    new CacheFiller(store, metrics, config),
    metrics,
    config,
  );
  return { store, service };
}

/** The HIT / MISS / STALE / BYPASS decision of one lookup. */
describe('CacheAsideService.lookup: the decision', () => {
  let nowMs: number;
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    nowMs = Date.now();
  });

  const setup = (env: Record<string, string> = {}, graceMs = 500) => serviceOn(env, () => nowMs, graceMs);
  const entry = (storedAtMs = Date.now()) =>
    cachedResponse(Buffer.from('{}'), 60_000, 'application/json', storedAtMs);

  it('HIT when fresh for the current generations; MISS when absent', async () => {
    const { store, service } = setup();
    expect((await service.lookup(OPTIONS, SLOT)).state).toBe('MISS');
    await store.write(SLOT, [0, 0], entry(), 60_000);
    expect((await service.lookup(OPTIONS, SLOT)).state).toBe('HIT');
  });

  it('STALE with the previous copy after a soft move, within the grace; MISS past it', async () => {
    const { store, service } = setup();
    const copy = entry();
    await store.write(SLOT, [0, 0], copy, 60_000);
    await store.bumpGenerations([{ namespace: 'search', field: 'inStock' }], true);
    expect(await service.lookup(OPTIONS, SLOT)).toMatchObject({ state: 'STALE', fallback: copy });
    nowMs += 501;
    expect((await service.lookup(OPTIONS, SLOT)).state).toBe('MISS');
  });

  it('MISS after a hard move, and in strict mode (no grace)', async () => {
    const hard = setup();
    await hard.store.write(SLOT, [0, 0], entry(), 60_000);
    await hard.store.bumpGenerations([{ namespace: 'search' }], false);
    expect((await hard.service.lookup(OPTIONS, SLOT)).state).toBe('MISS');
    const strict = setup({ CACHE_SEARCH_MAX_STALENESS_MS: '0' }, 0);
    await strict.store.write(SLOT, [0, 0], entry(), 60_000);
    await strict.store.bumpGenerations([{ namespace: 'search', field: 'inStock' }], true);
    expect((await strict.service.lookup(OPTIONS, SLOT)).state).toBe('MISS');
  });

  it('STALE past the TTL within CACHE_SWR_MS; BYPASS when the store is away', async () => {
    const { store, service } = setup({ CACHE_SWR_MS: '10000' });
    await store.write(SLOT, [0, 0], entry(Date.now() - 65_000), 600_000);
    expect((await service.lookup(OPTIONS, SLOT)).state).toBe('STALE');
    store.available = false;
    expect((await service.lookup(OPTIONS, SLOT)).state).toBe('BYPASS');
  });
});

/** The same decision for a copy the store holds in process (the L1), without a promise. */
describe('CacheAsideService.beginNow', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  const setup = (env: Record<string, string> = {}) => serviceOn(env, Date.now, 0);
  const URL = '/search?q=drill';

  it('decides for a known URL whose lookup the store answers in process; undefined otherwise', async () => {
    const { store, service } = setup({ CACHE_SWR_MS: '10000' });
    const held = { copy: undefined as CacheLookup | undefined };
    store.lookupInProcess = () => held.copy;
    const fresh = cachedResponse(Buffer.from('{}'), 60_000, 'application/json');
    held.copy = { generation: [0], entry: fresh, local: true };
    // Not canonicalized yet: left to begin, whatever the store holds.
    expect(service.beginNow(OPTIONS, URL)).toBeUndefined();
    await service.begin(OPTIONS, URL, () => ({ q: 'drill' }), {});

    expect(service.beginNow(OPTIONS, URL)).toMatchObject({ state: 'HIT', lookup: { entry: fresh } });
    held.copy = {
      generation: [0],
      entry: cachedResponse(Buffer.from('{}'), 60_000, 'application/json', Date.now() - 65_000),
    };
    expect(service.beginNow(OPTIONS, URL)?.state).toBe('STALE');
    held.copy = undefined;
    expect(service.beginNow(OPTIONS, URL)).toBeUndefined();
  });
});
