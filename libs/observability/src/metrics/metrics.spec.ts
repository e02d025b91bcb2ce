import { Metrics } from './metrics';

describe('Metrics', () => {
  it('adds the cache outcomes counted in process to cache_requests_total at every read, once each', async () => {
    const metrics = new Metrics();
    for (let i = 0; i < 3; i++) metrics.countCache('search', 'hit');
    metrics.countCache('search', 'miss');
    metrics.countCache('product', 'hit');
    const scrape = await metrics.registry.metrics();
    expect(scrape).toContain('cache_requests_total{route="search",result="hit"} 3');
    expect(scrape).toContain('cache_requests_total{route="search",result="miss"} 1');
    expect(scrape).toContain('cache_requests_total{route="product",result="hit"} 1');
    metrics.countCache('search', 'hit');
    expect(await metrics.cacheSummary()).toMatchObject({ hits: 5, misses: 1, hitRatio: 5 / 6 });
    expect(await metrics.registry.metrics()).toContain('cache_requests_total{route="search",result="hit"} 4');
  });
});
