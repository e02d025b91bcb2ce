import { Logger } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { Metrics } from '@app/observability';
import type { CacheContext } from './cache-context';
import { CacheFiller, type Load, type Loaded } from './cache-filler';
import { cachedResponse } from './cached-response';
import type { CacheSlot } from './response-cache.store';
import { InMemoryResponseCacheStore } from './testing/in-memory-response-cache.store';

const TTL_MS = 60_000;
const config = loadConfig({
  CACHE_KEY_PREFIX: 'unit',
  CACHE_LOCK_TTL_MS: '2000',
  CACHE_SWR_MS: '5000',
  CACHE_STALE_IF_ERROR_MS: '30000',
});
const slot: CacheSlot = { namespace: 'search', hash: 'h4sh', filters: [] };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A load that counts its calls and answers after `delayMs` with a body naming the call. */
function countingLoad(delayMs = 20): Load & { calls: number } {
  const load = async (): Promise<Loaded> => {
    load.calls += 1;
    const call = load.calls;
    await sleep(delayMs);
    return { body: Buffer.from(JSON.stringify({ call })), shows: [] };
  };
  load.calls = 0;
  return load;
}

describe('CacheFiller', () => {
  let clockMs: number;
  let store: InMemoryResponseCacheStore;
  let metrics: Metrics;
  const filler = (): CacheFiller => new CacheFiller(store, metrics, config);
  const missContext = async (): Promise<CacheContext> => ({
    options: { route: 'search', namespace: 'search' },
    ttlMs: TTL_MS,
    slot,
    lookup: await store.lookup(slot),
    state: 'MISS',
  });

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    clockMs = 0;
    store = new InMemoryResponseCacheStore('unit', () => Date.now() + clockMs);
    metrics = new Metrics();
  });

  it('runs one load for concurrent misses in one process, and stores its result', async () => {
    const load = countingLoad();
    const one = filler();
    const context = await missContext();
    const results = await Promise.all(Array.from({ length: 20 }, () => one.fill(context, load)));
    expect(load.calls).toBe(1);
    expect(new Set(results.map((r) => r.body.toString()))).toEqual(new Set(['{"call":1}']));
    expect((await store.read(slot, [0]))?.body.toString()).toBe('{"call":1}');
    expect(store.keys()).toEqual(['unit:search:h4sh']);
  });

  it('tags the entry with the products it shows: writing one of them retires it', async () => {
    const load: Load = () =>
      Promise.resolve({ body: Buffer.from('{"hits":["p1","p2"]}'), shows: ['p1', 'p2'] });
    await filler().fill(await missContext(), load);
    await store.retireShowing(['p3']);
    expect(await store.read(slot, [0])).toBeDefined();
    await store.retireShowing(['p2']);
    expect(await store.read(slot, [0])).toBeUndefined();
  });

  it('loads again, and stores only the second load, when a shown product is written during the load', async () => {
    let calls = 0;
    const load: Load = async () => {
      const call = ++calls;
      // The write lands (and returns) while the first load is reading the old state.
      if (call === 1) await store.retireShowing(['p1']);
      return { body: Buffer.from(JSON.stringify({ call })), shows: ['p1'] };
    };
    const one = filler();
    const context = await missContext();
    const [first, joined] = await Promise.all([one.fill(context, load), one.fill(context, load)]);
    expect(calls).toBe(2);
    expect(first.body.toString()).toBe('{"call":2}');
    expect(joined.body.toString()).toBe('{"call":2}');
    expect((await store.read(slot, [0]))?.body.toString()).toBe('{"call":2}');
  });

  it('runs one load across processes sharing the store (the fill lock)', async () => {
    const load = countingLoad(50);
    const processes = [filler(), filler(), filler()];
    const context = await missContext();
    const results = await Promise.all(
      processes.flatMap((p) => Array.from({ length: 5 }, () => p.fill(context, load))),
    );
    expect(load.calls).toBe(1);
    expect(new Set(results.map((r) => r.etag)).size).toBe(1);
    expect(await store.isLocked(slot, [0])).toBe(false);
  });

  it('waits for a fill another process holds the lock for, and serves its result', async () => {
    const context = await missContext();
    const token = await store.acquireLock(slot, [0], 2_000);
    expect(token).toBeDefined();
    const load = countingLoad();
    const waiting = filler().fill(context, load);
    await sleep(60);
    const theirs = cachedResponse(Buffer.from('{"from":"other process"}'), TTL_MS, 'application/json');
    await store.write(slot, [0], theirs, TTL_MS);
    await store.releaseLock(slot, [0], token ?? '');
    expect((await waiting).body.toString()).toBe('{"from":"other process"}');
    expect(load.calls).toBe(0);
  });

  it('loads itself when the other lock holder goes away without a result', async () => {
    const context = await missContext();
    const token = await store.acquireLock(slot, [0], 2_000);
    const load = countingLoad();
    const waiting = filler().fill(context, load);
    await sleep(40);
    await store.releaseLock(slot, [0], token ?? '');
    expect((await waiting).body.toString()).toBe('{"call":1}');
    expect(load.calls).toBe(1);
  });

  it('does not load when a fresh entry appeared between the lookup and the lock', async () => {
    const context = await missContext();
    const theirs = cachedResponse(Buffer.from('{"already":"filled"}'), TTL_MS, 'application/json');
    await store.write(slot, [0], theirs, TTL_MS);
    const load = countingLoad();
    expect((await filler().fill(context, load)).body.toString()).toBe('{"already":"filled"}');
    expect(load.calls).toBe(0);
  });

  it('loads without storing while the store is unavailable', async () => {
    const context = await missContext();
    store.available = false;
    const load = countingLoad();
    expect((await filler().fill(context, load)).body.toString()).toBe('{"call":1}');
    store.available = true;
    expect(store.keys()).toEqual([]);
    expect(load.calls).toBe(1);
  });

  it('loads without touching the store for a BYPASS request', async () => {
    const context: CacheContext = { ...(await missContext()), state: 'BYPASS' };
    const load = countingLoad();
    await filler().fill(context, load);
    expect(store.keys()).toEqual([]);
    expect(await store.isLocked(slot, [0])).toBe(false);
  });

  it('keeps an entry for the TTL plus the longest stale window, under the lookup generation', async () => {
    await store.bumpGenerations([{ namespace: 'search' }]);
    await filler().fill(await missContext(), countingLoad(0));
    expect(store.keys()).toEqual(['unit:search:h4sh']);
    clockMs = TTL_MS + 30_000 - 50;
    expect(await store.read(slot, [1])).toBeDefined();
    clockMs = TTL_MS + 30_000 + 1;
    expect(await store.read(slot, [1])).toBeUndefined();
  });

  it('propagates a failed load to every waiter, releases the lock and stores nothing', async () => {
    const one = filler();
    const context = await missContext();
    let calls = 0;
    const failing: Load = async () => {
      calls += 1;
      await sleep(10);
      throw new Error('elasticsearch down');
    };
    const results = await Promise.allSettled([one.fill(context, failing), one.fill(context, failing)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(calls).toBe(1);
    expect(await store.isLocked(slot, [0])).toBe(false);
    expect(store.keys()).toEqual([]);
    const retry = countingLoad(0);
    expect((await one.fill(context, retry)).body.toString()).toBe('{"call":1}');
  });

  it('counts waits that were coalesced, by scope', async () => {
    const context = await missContext();
    const [a, b] = [filler(), filler()];
    const load = countingLoad(60);
    await Promise.all([a.fill(context, load), a.fill(context, load), b.fill(context, load)]);
    const waits = (await metrics.coalescedWaits.get()).values;
    const scope = (name: string): number => waits.find((v) => v.labels.scope === name)?.value ?? 0;
    expect(scope('process')).toBe(1);
    expect(scope('instances')).toBeGreaterThanOrEqual(1);
  });
});
