import { HttpException, Injectable, Logger } from '@nestjs/common';
import { CacheAsideService } from './cache-aside.service';
import type { CacheAsideOptions } from './cache-aside.options';
import type { CacheContext, CacheState } from './cache-context';
import type { CachedResponse } from './cached-response';
import type { Load } from './cache-filler';
import { decodeBody } from './content-encoding';

/** One request answered through the cache, as the uncompressed JSON a GET of it would carry. */
export interface CachedCall {
  readonly body: Buffer;
  readonly state: CacheState;
  /** How old the answer is: 0 for one just loaded. */
  readonly ageMs: number;
}

/**
 * Cache-aside for a request that reaches a cached route's logic without its URL: one query of an
 * Algolia multi-query is a `GET /search` in all but form. It has the route's options, key,
 * coalesced fill, product tags and generations, so both forms share entries and invalidation;
 * only the HTTP part (headers, 304, early hits) stays with the hook and interceptor.
 * Same decisions as the interceptor: HIT serves the entry; STALE serves it and refreshes it once
 * in the background; MISS and BYPASS load (once per key); an upstream failure (not a 4xx) falls
 * back to a copy within the stale-if-error window.
 */
@Injectable()
export class CacheAsideCall {
  private readonly logger = new Logger('CacheAside');

  constructor(private readonly cache: CacheAsideService) {}

  /**
   * Looks a request up by the route's query it stands for (not yet validated). `key` names that
   * query exactly (it memoizes the validation, the costly part of a hit, as a URL does for a
   * GET); the cache key is still built from the validated DTO. No slot: the query is invalid.
   */
  begin(options: CacheAsideOptions, key: string, query: object): Promise<CacheContext> {
    return this.cache.begin(options, `${CALL_KEY_PREFIX}${key}`, query, {});
  }

  /** Answers a looked-up request: from the cache, or by running `load` once per key. */
  async serve(context: CacheContext, load: Load): Promise<CachedCall> {
    const entry = context.lookup?.entry;
    if (context.state === 'HIT' && entry) return this.served(context, entry, 'HIT');
    if (context.state === 'STALE' && context.fallback) {
      this.revalidate(context, load);
      return this.served(context, context.fallback, 'STALE');
    }
    const startedMs = performance.now();
    try {
      const filled = await this.cache.fill(context, load);
      this.cache.count(context, context.state);
      this.logger.log(
        {
          event: 'cache.miss',
          cache: context.state,
          key: this.cache.key(context),
          loadMs: performance.now() - startedMs,
        },
        context.state === 'BYPASS'
          ? 'redis unavailable: answered from elasticsearch'
          : 'miss: answered from elasticsearch',
      );
      return this.decoded(filled, context.state);
    } catch (error) {
      if (!context.fallback || !isUpstreamFailure(error)) throw error;
      this.logger.warn(
        { event: 'cache.stale_if_error', key: this.cache.key(context), err: String(error) },
        'upstream failed: serving stale copy',
      );
      return this.served(context, context.fallback, 'STALE');
    }
  }

  private served(context: CacheContext, entry: CachedResponse, state: CacheState): CachedCall {
    this.cache.count(context, state);
    this.cache.logHit(context, entry, state);
    return this.decoded(entry, state);
  }

  private decoded(entry: CachedResponse, state: CacheState): CachedCall {
    return {
      body: decodeBody(entry.body, entry.encoding),
      state,
      ageMs: Math.max(0, Date.now() - entry.storedAtMs),
    };
  }

  private revalidate(context: CacheContext, load: Load): void {
    this.cache.fill(context, load).then(
      () =>
        this.logger.log({ event: 'cache.revalidated', key: this.cache.key(context) }, 'stale copy refreshed'),
      (error: unknown) =>
        this.logger.warn({ event: 'cache.revalidate_failed', err: String(error) }, 'refresh failed'),
    );
  }
}

/** Memo keys of calls never collide with a request URL, which starts with `/`. */
const CALL_KEY_PREFIX = 'call:';

/** Errors a client caused (validation, a 4xx search error) never fall back to a stale copy. */
function isUpstreamFailure(error: unknown): boolean {
  if (error instanceof HttpException) return error.getStatus() >= 500;
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status !== 'number' || status >= 500;
}
