import { RATE_LIMIT_WINDOW_MS } from './rate-limit';
import { ReadRateLimiter, type SharedWindowCounters } from './read-rate-limiter';

/** Redis stand-in shared by "instances": totals per key, and a count of round trips. */
class FakeCounters implements SharedWindowCounters {
  available = true;
  calls = 0;
  readonly totals = new Map<string, number>();

  add(counts: ReadonlyMap<string, number>): Promise<ReadonlyMap<string, number>> {
    this.calls++;
    if (!this.available) return Promise.reject(new Error('down'));
    const out = new Map<string, number>();
    for (const [key, n] of counts) {
      const total = (this.totals.get(key) ?? 0) + n;
      this.totals.set(key, total);
      out.set(key, total);
    }
    return Promise.resolve(out);
  }
}

const T0 = 10 * RATE_LIMIT_WINDOW_MS + 15_000; // 45 s left in the window

describe('ReadRateLimiter', () => {
  let now = T0;
  const clock = (): number => now;
  beforeEach(() => (now = T0));

  it('on one instance: exact, and no Redis round trip while far below the limit', async () => {
    const redis = new FakeCounters();
    const limiter = new ReadRateLimiter(redis, 20);
    for (let i = 0; i < 18; i++) expect(limiter.take('1.1.1.1')).toBe(0);
    expect(redis.calls).toBe(0);
    // Past limit − 10 %: each read waits for the shared total.
    expect(await limiter.take('1.1.1.1')).toBe(0);
    expect(await limiter.take('1.1.1.1')).toBe(0);
    expect(redis.calls).toBe(2);
    expect(redis.totals.get(`read:1.1.1.1:${Math.floor(Date.now() / RATE_LIMIT_WINDOW_MS)}`)).toBe(20);
    expect(await limiter.take('1.1.1.1')).toBeGreaterThan(0);
    // Another client has its own budget.
    expect(limiter.take('2.2.2.2')).toBe(0);
  });

  it('refuses with the seconds left in the fixed window, and starts over in the next one', async () => {
    const redis = new FakeCounters();
    const limiter = new ReadRateLimiter(redis, 2, clock);
    expect(await limiter.take('c')).toBe(0);
    expect(await limiter.take('c')).toBe(0);
    expect(await limiter.take('c')).toBe(45);
    now = T0 + 45_000;
    expect(await limiter.take('c')).toBe(0);
  });

  it('across instances: the counts of the others are known after a sync, and near the limit on every read', async () => {
    const redis = new FakeCounters();
    const a = new ReadRateLimiter(redis, 10, clock);
    const b = new ReadRateLimiter(redis, 10, clock);
    for (let i = 0; i < 5; i++) expect(a.take('c')).toBe(0);
    await a.sync();
    for (let i = 0; i < 4; i++) expect(b.take('c')).toBe(0); // b's view: 4 (it has not synced)
    // b's 5th read: view 5 ≤ 9, let through locally; its sync learns the fleet total (10).
    expect(b.take('c')).toBe(0);
    await b.sync();
    expect(await b.take('c')).toBeGreaterThan(0);
    // a knew 5; past 9 it asks Redis, which has 11.
    for (let i = 0; i < 4; i++) expect(a.take('c')).toBe(0);
    expect(await a.take('c')).toBeGreaterThan(0);
  });

  it('fails open while Redis is away: nothing refused', async () => {
    const redis = new FakeCounters();
    const limiter = new ReadRateLimiter(redis, 1, clock);
    redis.available = false;
    for (let i = 0; i < 5; i++) expect(await limiter.take('c')).toBe(0);
  });
});
