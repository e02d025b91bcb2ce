import { parseCacheStates } from './api-cache';
import { faultSchedule, hitRatioBetween, minuteLine, type SoakMinute, soakVerdict } from './soak-report';

const minute = (overrides: Partial<SoakMinute>): SoakMinute => ({
  minute: 1,
  reqPerS: 100,
  p99Ms: [20, 30],
  fiveXx: 0,
  fiveXxByStatus: {},
  otherFailures: 0,
  hitRatio: 0.9,
  writes: { ok: 60, unavailable: 0, other: 0 },
  rssMb: [200, 210],
  events: [],
  ...overrides,
});

describe('soak report', () => {
  it('schedules the Elasticsearch fault, then the Redis one, repairs before the end', () => {
    expect(faultSchedule(600, ['elasticsearch node', 'redis master'])).toEqual([
      { name: 'elasticsearch node', injectAtS: 120, repairAtS: 210 },
      { name: 'redis master', injectAtS: 330, repairAtS: 420 },
    ]);
  });

  it('passes with no 5xx and RSS within 10 %, fails otherwise', () => {
    const good = [minute({}), minute({ minute: 2, rssMb: [215, 225] })];
    expect(soakVerdict(good).every((v) => v.pass)).toBe(true);
    const bad = [minute({ fiveXx: 2, fiveXxByStatus: { 504: 2 } }), minute({ minute: 2, rssMb: [230, 210] })];
    expect(soakVerdict(bad).map((v) => v.pass)).toEqual([false, false]);
    expect(soakVerdict([]).map((v) => v.pass)).toEqual([true, false]);
  });

  it('prints one line per minute with the 5xx by status and the events', () => {
    const line = minuteLine(
      minute({ fiveXx: 3, fiveXxByStatus: { 503: 1, 504: 2 }, events: ['0:25 killed'] }),
    );
    expect(line).toBe(
      'min  1:   100 req/s, p99 20/30 ms, 5xx 3 (503×1 504×2), other failures 0, hit ratio 0.900, writes 60 ok / 0 × 503 / 0 other, RSS 200/210 MB  ← 0:25 killed',
    );
  });

  it('reads the hit ratio between two readings of the cache counters', () => {
    const metrics = (hit: number, miss: number) =>
      parseCacheStates(
        `cache_requests_total{route="search",result="hit"} ${hit}\ncache_requests_total{route="search",result="miss"} ${miss}\n`,
      );
    expect(hitRatioBetween(metrics(10, 10), metrics(100, 20))).toBeCloseTo(0.9);
  });
});
