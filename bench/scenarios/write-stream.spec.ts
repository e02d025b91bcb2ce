import type { WriteStreamRow } from '../lib/results';
import { medianPass } from './write-stream';

function row(readsPerS: number, readsVsNoWrites: number): WriteStreamRow {
  return {
    mode: 'default',
    kind: 'stock',
    writesPerSTarget: 10,
    writesPerS: 10,
    writeFailures: 0,
    writesSkipped: 0,
    writeP99Ms: 0,
    readsPerS,
    readsVsNoWrites,
    p50Ms: 1,
    p99Ms: 3,
    readNon2xx: 0,
    readErrors: 0,
    hitRatio: 1,
    cacheStates: {},
    esSearchesPerS: 0,
  };
}

describe('medianPass', () => {
  it('reports the pass with the median ratio and lists every pass in order', () => {
    const median = medianPass([row(30_000, 0.86), row(25_000, 0.74), row(28_000, 0.81)]);
    expect(median.readsPerS).toBe(28_000);
    expect(median.readsVsNoWrites).toBe(0.81);
    expect(median.pass).toBe(3);
    expect(median.passes?.map((pass) => pass.readsVsNoWrites)).toEqual([0.86, 0.74, 0.81]);
  });

  it('takes the lower of two middles', () => {
    expect(medianPass([row(1, 0.9), row(1, 0.7), row(1, 0.8), row(1, 0.95)]).readsVsNoWrites).toBe(0.8);
  });

  it('orders by reads/s where there is no ratio', () => {
    expect(medianPass([row(3, Number.NaN), row(1, Number.NaN), row(2, Number.NaN)]).readsPerS).toBe(2);
  });

  it('refuses an empty list', () => {
    expect(() => medianPass([])).toThrow('no pass measured');
  });
});
