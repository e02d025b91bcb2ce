import { randomBytes } from 'node:crypto';
import { cachedResponse } from './cached-response';
import { LocalResponseCache } from './local-response-cache';
import type { CacheLookup, CacheSlot } from './response-cache.store';

const slot: CacheSlot = { namespace: 'search', hash: 'h', filters: ['inStock'] };
// Random bytes do not compress, so the stored (gzip) body stays about `bytes` long.
const found = (generation: number[], bytes = 100): CacheLookup => ({
  generation,
  entry: cachedResponse(randomBytes(bytes), 60_000, 'application/json'),
});

describe('LocalResponseCache (L1)', () => {
  let nowMs: number;
  const l1 = (maxBytes = 10_000, maxAgeMs = 1_000): LocalResponseCache =>
    new LocalResponseCache(maxBytes, maxAgeMs, () => nowMs);
  beforeEach(() => {
    nowMs = 0;
  });

  it('answers a kept copy under the generations it learned, for at most maxAgeMs after the read', () => {
    const cache = l1();
    cache.keep('k', slot, found([3, 1]), 0, cache.epoch);
    expect(cache.get('k', slot)).toMatchObject({ generation: [3, 1], local: true });
    nowMs = 1_000;
    expect(cache.get('k', slot)).toBeDefined();
    nowMs = 1_001;
    expect(cache.get('k', slot)).toBeUndefined();
  });

  it('holds a copy of the body in memory of its own, not a view into the reply it came in', () => {
    const cache = l1();
    const chunk = Buffer.alloc(65_536);
    const viaSocket: CacheLookup = {
      generation: [0, 0],
      entry: {
        ...cachedResponse(Buffer.alloc(10), 60_000, 'application/json'),
        body: chunk.subarray(100, 200),
      },
    };
    cache.keep('k', slot, viaSocket, 0, cache.epoch);
    const body = cache.get('k', slot)?.entry?.body;
    expect(body?.length).toBe(100);
    expect(body?.buffer.byteLength).toBe(100);
  });

  it('keeps nothing a Redis read found if an invalidation came after it was sent', () => {
    const cache = l1();
    const epoch = cache.epoch;
    cache.retire(['other']);
    cache.keep('k', slot, found([0, 0]), 0, epoch);
    expect(cache.get('k', slot)).toBeUndefined();
  });

  it('drops retired keys, and stops answering a namespace whose generations moved until it learns them again', () => {
    const cache = l1();
    cache.keep('a', slot, found([0, 0]), 0, cache.epoch);
    cache.keep('b', slot, found([0, 0]), 0, cache.epoch);
    cache.retire(['a']);
    expect(cache.get('a', slot)).toBeUndefined();
    expect(cache.get('b', slot)).toBeDefined();
    cache.forget(['search']);
    expect(cache.get('b', slot)).toBeUndefined();
    // Learned again from Redis, newer: the old copy does not match it.
    cache.keep('c', slot, found([0, 1]), 0, cache.epoch);
    expect(cache.get('b', slot)).toBeUndefined();
  });

  it('evicts the least recently used copies past maxBytes, and is off at 0 bytes', () => {
    const cache = l1(1_500);
    cache.keep('a', slot, found([0, 0], 300), 0, cache.epoch);
    cache.keep('b', slot, found([0, 0], 300), 0, cache.epoch);
    expect(cache.get('a', slot)).toBeDefined(); // a is now the most recently used
    cache.keep('c', slot, found([0, 0], 300), 0, cache.epoch);
    expect(cache.get('b', slot)).toBeUndefined();
    expect(cache.get('a', slot)).toBeDefined();
    expect(cache.size.bytes).toBeLessThanOrEqual(1_500);
    const off = l1(0);
    off.keep('a', slot, found([0, 0]), 0, off.epoch);
    expect(off.enabled).toBe(false);
    expect(off.get('a', slot)).toBeUndefined();
  });

  it('leaves an entry past its TTL to Redis (STALE and its refresh are decided there)', () => {
    const cache = l1(10_000, 120_000);
    const old: CacheLookup = {
      generation: [0, 0],
      entry: cachedResponse(Buffer.alloc(10), 500, 'application/json', 0),
    };
    cache.keep('k', slot, old, 0, cache.epoch);
    nowMs = 500;
    expect(cache.get('k', slot)).toBeDefined();
    nowMs = 501;
    expect(cache.get('k', slot)).toBeUndefined();
  });

  it('trusts learned generations for maxAgeMs after the read that returned them, not after copies found with them', () => {
    const cache = l1(10_000, 1_000);
    cache.keep('a', slot, found([4, 2]), 0, cache.epoch);
    nowMs = 900;
    cache.keep('b', slot, found([4, 2]), 900, cache.epoch, false);
    expect(cache.knownGeneration(slot)).toEqual([4, 2]);
    nowMs = 1_001;
    expect(cache.knownGeneration(slot)).toBeUndefined();
    expect(cache.get('b', slot)).toBeUndefined();
  });
});
