import { randomBytes } from 'node:crypto';
import { cachedResponse } from './cached-response';
import { DeliveryProof } from './delivery-proof';
import type { GenerationState } from './generation';
import { LocalResponseCache } from './local-response-cache';
import type { CacheLookup } from './response-cache.store';

const at = (...values: number[]): GenerationState[] =>
  values.map((value) => ({ value, previous: value - 1, movedAtMs: 0, soft: true }));
// Random bytes do not compress, so the stored (gzip) body stays about `bytes` long.
const found = (generation: number[], bytes = 100): CacheLookup => ({
  generation,
  entry: cachedResponse(randomBytes(bytes), 60_000, 'application/json'),
});

describe('LocalResponseCache (L1)', () => {
  let nowMs: number;
  let proof: DeliveryProof;
  const l1 = (maxBytes = 10_000, maxAgeMs = 1_000): LocalResponseCache =>
    new LocalResponseCache(maxBytes, maxAgeMs, proof, () => nowMs);
  beforeEach(() => {
    nowMs = 0;
    proof = new DeliveryProof(() => nowMs);
    proof.restarted();
  });

  it('answers a kept copy while it is fresh for the current generations, for at most maxAgeMs after the read', () => {
    const cache = l1();
    cache.keep('k', found([3, 1]), 0, cache.epoch);
    expect(cache.get('k', at(3, 1))).toMatchObject({ generation: [3, 1], local: true });
    nowMs = 1_000;
    expect(cache.get('k', at(3, 1))).toBeDefined();
    nowMs = 1_001;
    expect(cache.get('k', at(3, 1))).toBeUndefined();
  });

  it('claims one read again per copy near the end of its life; a read that finds the entry renews it, one that finds nothing drops it', () => {
    const cache = l1();
    cache.keep('k', found([3, 1]), 0, cache.epoch);
    nowMs = 900;
    expect(cache.claimRefresh('k')).toBe(false);
    nowMs = 901;
    expect(cache.claimRefresh('k')).toBe(true);
    expect(cache.claimRefresh('k')).toBe(false); // one at a time
    expect(cache.claimRefresh('absent')).toBe(false);
    // Served as it is until the read lands, never past its life.
    expect(cache.get('k', at(3, 1))).toBeDefined();
    cache.keep('k', found([3, 1]), 901, cache.epoch);
    nowMs = 1_800;
    expect(cache.get('k', at(3, 1))).toBeDefined();
    nowMs = 1_802;
    expect(cache.claimRefresh('k')).toBe(true);
    cache.keep('k', { generation: [3, 1] }, 1_802, cache.epoch);
    expect(cache.get('k', at(3, 1))).toBeUndefined();
  });

  it('serves a copy past maxAgeMs after its read while the channel proves delivery, until maxAgeMs after the last proof or its TTL', () => {
    const cache = l1();
    cache.keep('k', found([3, 1]), 0, cache.epoch);
    for (nowMs = 250; nowMs <= 5_000; nowMs += 250) {
      proof.delivered(nowMs - 10);
      expect(cache.get('k', at(3, 1))).toBeDefined();
      // Vouched for by the beat: no read ahead of the bound.
      expect(cache.claimRefresh('k')).toBe(false);
    }
    // Beats stop (the channel stalls): the last proof was sent at 4,990.
    proof.delivered(1_000); // a late beat never takes the proof back
    nowMs = 5_990;
    expect(cache.get('k', at(3, 1))).toBeDefined();
    expect(cache.claimRefresh('k')).toBe(true);
    nowMs = 5_991;
    expect(cache.get('k', at(3, 1))).toBeUndefined();
    // Proven or not, never past its TTL.
    const stored = {
      generation: [3, 1],
      entry: cachedResponse(Buffer.alloc(10), 10_000, 'application/json', 0),
    };
    cache.keep('t', stored, 5_991, cache.epoch);
    nowMs = 10_000;
    proof.delivered(9_990);
    expect(cache.get('t', at(3, 1))).toBeDefined();
    nowMs = 10_001;
    expect(cache.get('t', at(3, 1))).toBeUndefined();
  });

  it('never answers a copy from before a move, not even a soft one (STALE is decided in Redis)', () => {
    const cache = l1();
    cache.keep('k', found([3, 1]), 0, cache.epoch);
    expect(cache.get('k', at(3, 2))).toBeUndefined();
    // Dropped, not kept for later.
    expect(cache.get('k', at(3, 1))).toBeUndefined();
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
    cache.keep('k', viaSocket, 0, cache.epoch);
    const body = cache.get('k', at(0, 0))?.entry?.body;
    expect(body?.length).toBe(100);
    expect(body?.buffer.byteLength).toBe(100);
  });

  it('keeps nothing a Redis read found if an invalidation or a move came after it was sent', () => {
    const cache = l1();
    let epoch = cache.epoch;
    cache.retire(['other']);
    cache.keep('k', found([0, 0]), 0, epoch);
    expect(cache.get('k', at(0, 0))).toBeUndefined();
    epoch = cache.epoch;
    cache.moved();
    cache.keep('k', found([0, 0]), 0, epoch);
    expect(cache.get('k', at(0, 0))).toBeUndefined();
  });

  it('drops retired keys', () => {
    const cache = l1();
    cache.keep('a', found([0, 0]), 0, cache.epoch);
    cache.keep('b', found([0, 0]), 0, cache.epoch);
    cache.retire(['a']);
    expect(cache.get('a', at(0, 0))).toBeUndefined();
    expect(cache.get('b', at(0, 0))).toBeDefined();
  });

  it('evicts the least recently used copies past maxBytes, and is off at 0 bytes', () => {
    const cache = l1(1_500);
    cache.keep('a', found([0, 0], 300), 0, cache.epoch);
    cache.keep('b', found([0, 0], 300), 0, cache.epoch);
    nowMs = 50; // within a tenth of maxAgeMs of its read, a hit leaves a copy where it is
    expect(cache.get('a', at(0, 0))).toBeDefined();
    cache.keep('c', found([0, 0], 300), 50, cache.epoch);
    expect(cache.get('a', at(0, 0))).toBeUndefined();
    cache.keep('a', found([0, 0], 300), 50, cache.epoch); // evicts b
    nowMs = 200; // later, a hit makes it the most recently used
    expect(cache.get('c', at(0, 0))).toBeDefined();
    cache.keep('d', found([0, 0], 300), 200, cache.epoch);
    expect(cache.get('a', at(0, 0))).toBeUndefined();
    expect(cache.get('b', at(0, 0))).toBeUndefined();
    expect(cache.get('c', at(0, 0))).toBeDefined();
    expect(cache.size.bytes).toBeLessThanOrEqual(1_500);
    const off = l1(0);
    off.keep('a', found([0, 0]), 0, off.epoch);
    expect(off.enabled).toBe(false);
    expect(off.get('a', at(0, 0))).toBeUndefined();
  });

  it('decodes a copy once for clients that do not accept its coding, and counts the decoded body in the budget', () => {
    const cache = l1(20_000);
    const plain = Buffer.from(JSON.stringify({ hits: Array.from({ length: 200 }, (_, i) => ({ id: i })) }));
    cache.keep(
      'k',
      { generation: [0], entry: cachedResponse(plain, 60_000, 'application/json') },
      0,
      cache.epoch,
    );
    const before = cache.size.bytes;
    const lookup = cache.get('k', at(0));
    expect(lookup?.entry?.encoding).toBe('gzip');
    const decoded = lookup?.decoded?.();
    expect(decoded?.equals(plain)).toBe(true);
    expect(cache.size.bytes).toBe(before + plain.length);
    // The same bytes on the next hit, not decoded again.
    expect(cache.get('k', at(0))?.decoded?.()).toBe(decoded);
    // Too big for the budget with its decoded body: decoded for the request, not kept.
    const small = l1(lookup!.entry!.body.length + 300);
    small.keep('k', { generation: [0], entry: lookup!.entry }, 0, small.epoch);
    const once = small.get('k', at(0))?.decoded?.();
    expect(once?.equals(plain)).toBe(true);
    expect(small.get('k', at(0))?.decoded?.()).not.toBe(once);
    expect(small.size.bytes).toBe(lookup!.entry!.body.length + 256);
  });

  it('leaves an entry past its TTL to Redis (STALE and its refresh are decided there)', () => {
    const cache = l1(10_000, 120_000);
    const old: CacheLookup = {
      generation: [0, 0],
      entry: cachedResponse(Buffer.alloc(10), 500, 'application/json', 0),
    };
    cache.keep('k', old, 0, cache.epoch);
    nowMs = 500;
    expect(cache.get('k', at(0, 0))).toBeDefined();
    nowMs = 501;
    expect(cache.get('k', at(0, 0))).toBeUndefined();
  });

  it("counts a copy's TTL as its caller does (an instance restarted with another TTL), when told", () => {
    const cache = l1(10_000, 120_000);
    const filledWith500 = (): CacheLookup => ({
      generation: [0],
      entry: cachedResponse(Buffer.alloc(10), 500, 'application/json', 0),
    });
    cache.keep('k', filledWith500(), 0, cache.epoch);
    nowMs = 60_000;
    expect(cache.get('k', at(0), 60_000)).toBeDefined();
    nowMs = 60_001;
    expect(cache.get('k', at(0), 60_000)).toBeUndefined();
    cache.keep('k', filledWith500(), nowMs, cache.epoch);
    expect(cache.get('k', at(0), 200)).toBeUndefined();
  });
});
