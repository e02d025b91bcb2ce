import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { LabelledHistogram } from './labelled-histogram';

export type CacheResult = 'hit' | 'miss' | 'stale' | 'bypass';

const LATENCY_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** The process's Prometheus metrics; one registry per app instance (tests run several). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  /** Counted on every cached request, cache hits included: read through `countCache`. */
  private readonly pendingCache = new Map<string, Map<CacheResult, number>>();

  readonly cacheRequests = new Counter({
    name: 'cache_requests_total',
    help: 'Cached-route requests by outcome (hit, miss, stale, bypass)',
    labelNames: ['route', 'result'] as const,
    registers: [this.registry],
    // prom-client runs this before every read of the counter (scrape, cacheSummary).
    collect: () => this.flushCacheCounts(),
  });

  readonly coalescedWaits = new Counter({
    name: 'cache_coalesced_waits_total',
    help: 'Misses that waited for another request’s Elasticsearch query instead of sending their own',
    labelNames: ['route', 'scope'] as const,
    registers: [this.registry],
  });

  readonly elasticsearchDuration = new Histogram({
    name: 'elasticsearch_query_duration_seconds',
    help: 'Elasticsearch search round trips as seen by the app',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS_S,
    registers: [this.registry],
  });

  /** Observed on every request, cache hits included: series found without hashing (LabelledHistogram). */
  readonly httpDuration = new LabelledHistogram(
    'http_request_duration_seconds',
    'HTTP request duration by route and status',
    ['method', 'route', 'status'],
    LATENCY_BUCKETS_S,
    this.registry,
  );

  readonly pushDelay = new Histogram({
    name: 'cache_invalidation_push_delay_seconds',
    help: 'From Redis publishing an invalidation (the retiring script, by its TIME) to this instance applying it (comparable clocks)',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * One cached request by outcome. Counted in a map and added to `cache_requests_total` when it is
   * read: prom-client's `inc` hashes a labels object per call, a cost on every hit.
   */
  countCache(route: string, result: CacheResult): void {
    let results = this.pendingCache.get(route);
    if (!results) this.pendingCache.set(route, (results = new Map<CacheResult, number>()));
    results.set(result, (results.get(result) ?? 0) + 1);
  }

  private flushCacheCounts(): void {
    for (const [route, results] of this.pendingCache)
      for (const [result, count] of results) this.cacheRequests.inc({ route, result }, count);
    this.pendingCache.clear();
  }

  /** Hit ratio and counts of this instance since it started. */
  async cacheSummary(): Promise<{
    hits: number;
    misses: number;
    stale: number;
    bypass: number;
    hitRatio: number;
  }> {
    const values = (await this.cacheRequests.get()).values;
    const sum = (result: CacheResult): number =>
      values.filter((v) => v.labels.result === result).reduce((total, v) => total + v.value, 0);
    const hits = sum('hit');
    const stale = sum('stale');
    const misses = sum('miss');
    const bypass = sum('bypass');
    const served = hits + stale + misses + bypass;
    return { hits, misses, stale, bypass, hitRatio: served === 0 ? 0 : (hits + stale) / served };
  }
}
