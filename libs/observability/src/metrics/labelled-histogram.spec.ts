import { Histogram, Registry } from 'prom-client';
import { LabelledHistogram } from './labelled-histogram';

const BUCKETS = [0.001, 0.01, 0.1, 1];

describe('LabelledHistogram', () => {
  it("scrapes as prom-client's Histogram does for the same observations", async () => {
    const theirs = new Registry();
    const ours = new Registry();
    const reference = new Histogram({
      name: 'req_seconds',
      help: 'Request duration',
      labelNames: ['method', 'route', 'status'],
      buckets: BUCKETS,
      registers: [theirs],
    });
    const histogram = new LabelledHistogram(
      'req_seconds',
      'Request duration',
      ['method', 'route', 'status'],
      BUCKETS,
      ours,
    );
    const observations: [string, string, string, number][] = [
      ['GET', '/search', '200', 0.0004],
      ['GET', '/search', '200', 0.001], // on a bound: counted in that bucket (le)
      ['GET', '/search', '200', 0.05],
      ['GET', '/search', '304', 2], // past the last bound: +Inf only
      ['HEAD', '/search', '200', 0.02],
      ['GET', '/catalog/products/:id', '200', 0.3],
    ];
    for (const [method, route, status, seconds] of observations) {
      reference.observe({ method, route, status }, seconds);
      histogram.observe([method, route, status], seconds);
    }
    const lines = (text: string): string[] => text.split('\n').filter(Boolean).sort();
    expect(lines(await ours.metrics())).toEqual(lines(await theirs.metrics()));
  });

  it('starts over on reset, and refuses label values that do not match its label names', () => {
    const registry = new Registry();
    const histogram = new LabelledHistogram('h', 'h', ['a', 'b'], BUCKETS, registry);
    histogram.observe(['x', 'y'], 0.5);
    expect(histogram.get().values).toHaveLength(BUCKETS.length + 3);
    histogram.reset();
    expect(histogram.get().values).toEqual([]);
    expect(() => histogram.observe(['x'], 0.5)).toThrow(/expected labels a, b/);
  });
});
