import type { IncomingMessage } from 'node:http';
import { HttpException, Injectable, Logger } from '@nestjs/common';
import { AppConfig, type LogLevel } from '@app/config';
import { type CacheResult, loggedRequest, Metrics } from '@app/observability';
import type { CacheAsideOptions } from './cache-aside.options';
import type { CacheContext, CacheState } from './cache-context';
import { cacheKey } from './cache-key';
import type { CachedResponse } from './cached-response';
import { CacheFiller, type Load } from './cache-filler';
import { RequestCanonicalizer } from './request-canonicalizer';
import {
  type CacheLookup,
  type CacheSlot,
  CacheUnavailableError,
  ResponseCacheStore,
} from './response-cache.store';

const CACHE_RESULT: Readonly<Record<CacheState, CacheResult>> = {
  HIT: 'hit',
  MISS: 'miss',
  STALE: 'stale',
  BYPASS: 'bypass',
};

const INFO_OR_FINER: ReadonlySet<LogLevel> = new Set<LogLevel>(['info', 'debug', 'trace']);

/** What a response was answered with, and how. */
export interface Answer {
  readonly entry: CachedResponse;
  readonly state: CacheState;
}

/** Cache-aside decisions shared by the early-hit hook and the interceptor. */
@Injectable()
export class CacheAsideService {
  private readonly logger = new Logger('CacheAside');
  /**
   * Hits log at info. Below that level the line is dropped anyway, but only after Nest's and
   * pino's wrappers ran and the fields were built: a few per cent of a hit's CPU (bench/README.md).
   */
  private readonly logsHits: boolean;

  constructor(
    private readonly store: ResponseCacheStore,
    private readonly canonicalizer: RequestCanonicalizer,
    private readonly filler: CacheFiller,
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {
    this.logsHits = INFO_OR_FINER.has(config.logLevel);
  }

  /**
   * Looks the request up; a null slot means the request is invalid and is left to the controller.
   * `query` is asked for only when the URL has not been canonicalized yet (parsing it is a
   * measurable part of a hit). Promise chains, no wait for a known URL: this is every L2 hit's path.
   */
  begin(
    options: CacheAsideOptions,
    url: string,
    query: () => unknown,
    params: Readonly<Record<string, string>>,
  ): Promise<CacheContext> {
    const known = this.canonicalizer.known(options, url);
    if (known !== undefined) return this.lookup(options, known);
    return this.canonicalizer.slot(options, url, query(), params).then((slot) => this.lookup(options, slot));
  }

  /**
   * The context of a URL already canonicalized, when the store answers its lookup without a round
   * trip (an L1 copy); undefined otherwise: `begin` it.
   */
  beginNow(options: CacheAsideOptions, url: string): CacheContext | undefined {
    const slot = this.canonicalizer.known(options, url);
    const lookup = slot && this.store.lookupInProcess(slot, this.ttlOf(options));
    return slot && lookup ? this.found(options, slot, lookup) : undefined;
  }

  /** The lookup of an already canonicalized request (a null slot: invalid, left to the controller). */
  lookup(options: CacheAsideOptions, slot: CacheSlot | null): Promise<CacheContext> {
    if (slot === null) return Promise.resolve({ options, ttlMs: this.ttlOf(options), state: 'BYPASS' });
    return this.store.lookup(slot, this.ttlOf(options)).then(
      (lookup) => this.found(options, slot, lookup),
      (error: unknown): CacheContext => {
        if (!(error instanceof CacheUnavailableError)) throw error;
        return { options, ttlMs: this.ttlOf(options), slot, state: 'BYPASS' };
      },
    );
  }

  /** Runs the load once per key across requests and instances; see CacheFiller. */
  fill(context: CacheContext, load: Load): Promise<CachedResponse> {
    return this.filler.fill(context, load);
  }

  /**
   * The answer to a request that is not a fresh hit answered at the edge (the interceptor's and
   * CacheAsideCall's one decision): HIT serves the entry; STALE serves the old copy and refreshes
   * it once in the background; MISS and BYPASS load (once per key); an upstream failure (not a 4xx)
   * falls back to a copy within the stale-if-error window. Counted and logged here.
   */
  async answer(context: CacheContext, load: Load): Promise<Answer> {
    const entry = context.lookup?.entry;
    if (context.state === 'HIT' && entry) return this.answered(context, entry, 'HIT');
    if (context.state === 'STALE' && context.fallback) {
      this.revalidate(context, load);
      return this.answered(context, context.fallback, 'STALE');
    }
    const startedMs = performance.now();
    try {
      const filled = await this.fill(context, load);
      this.count(context, context.state);
      this.logger.log(
        {
          event: 'cache.miss',
          cache: context.state,
          key: this.key(context),
          loadMs: performance.now() - startedMs,
          req: context.req,
        },
        context.state === 'BYPASS'
          ? 'redis unavailable: answered from elasticsearch'
          : 'miss: answered from elasticsearch',
      );
      return { entry: filled, state: context.state };
    } catch (error) {
      if (!context.fallback || !isUpstreamFailure(error)) throw error;
      this.logger.warn(
        { event: 'cache.stale_if_error', key: this.key(context), err: String(error), req: context.req },
        'upstream failed: serving stale copy',
      );
      return this.answered(context, context.fallback, 'STALE');
    }
  }

  private answered(context: CacheContext, entry: CachedResponse, state: CacheState): Answer {
    this.served(context, entry, state);
    return { entry, state };
  }

  private revalidate(context: CacheContext, load: Load): void {
    this.fill(context, load).then(
      () =>
        this.logger.log(
          { event: 'cache.revalidated', key: this.key(context), req: context.req },
          'stale copy refreshed',
        ),
      (error: unknown) =>
        this.logger.warn(
          { event: 'cache.revalidate_failed', err: String(error), req: context.req },
          'refresh failed',
        ),
    );
  }

  key(context: CacheContext): string {
    return cacheKey(this.config.cache.keyPrefix, context.options.namespace, context.slot?.hash ?? '-');
  }

  /** A stored response served: counted and logged (`raw`: a hit the edge answered, its context has no request). */
  served(context: CacheContext, entry: CachedResponse, state: CacheState, raw?: IncomingMessage): void {
    this.count(context, state);
    this.logHit(context, entry, state, raw);
  }

  count(context: CacheContext, state: CacheState): void {
    this.metrics.countCache(context.options.route, CACHE_RESULT[state]);
  }

  private logHit(
    context: CacheContext,
    entry: CachedResponse,
    state: CacheState,
    raw?: IncomingMessage,
  ): void {
    if (!this.logsHits) return;
    this.logger.log(
      {
        event: 'cache.hit',
        cache: state,
        tier: context.lookup?.local ? 'l1' : 'redis',
        key: this.key(context),
        ageMs: Date.now() - entry.storedAtMs,
        req: raw ? loggedRequest(raw) : context.req,
      },
      state === 'HIT' ? 'served from redis; elasticsearch not called' : 'served stale copy from redis',
    );
  }

  private found(options: CacheAsideOptions, slot: CacheSlot, lookup: CacheLookup): CacheContext {
    const ttlMs = this.ttlOf(options);
    return { options, ttlMs, slot, lookup, ...this.classify(lookup, ttlMs) };
  }

  private ttlOf(options: CacheAsideOptions): number {
    return this.config.cache.routeTtlMs[options.route];
  }

  /**
   * HIT: fresh. STALE (served now, one refresh in the background): past its TTL within
   * CACHE_SWR_MS, or — listings only — the copy from right before a soft generation move, within the
   * grace after it (the store decides, generation.ts). MISS otherwise, keeping a copy within
   * CACHE_STALE_IF_ERROR_MS as the fallback if Elasticsearch fails.
   */
  private classify(lookup: CacheLookup, ttlMs: number): Pick<CacheContext, 'state' | 'fallback'> {
    const { entry, previous } = lookup;
    if (!entry) return previous ? { state: 'STALE', fallback: previous } : { state: 'MISS' };
    const ageMs = Date.now() - entry.storedAtMs;
    if (ageMs <= ttlMs) return { state: 'HIT' };
    const { staleWhileRevalidateMs, staleIfErrorMs } = this.config.cache;
    if (ageMs <= ttlMs + staleWhileRevalidateMs) return { state: 'STALE', fallback: entry };
    return { state: 'MISS', fallback: ageMs <= ttlMs + staleIfErrorMs ? entry : undefined };
  }
}

/** Errors a client caused (validation, not found, a 4xx search error) never fall back to a stale copy. */
function isUpstreamFailure(error: unknown): boolean {
  if (error instanceof HttpException) return error.getStatus() >= 500;
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status !== 'number' || status >= 500;
}
