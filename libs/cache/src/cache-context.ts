import type { LoggedRequest } from '@app/observability';
import type { CacheAsideOptions } from './cache-aside.options';
import type { CachedResponse } from './cached-response';
import type { CacheLookup, CacheSlot } from './response-cache.store';

export type CacheState = 'HIT' | 'MISS' | 'STALE' | 'BYPASS';

/** What the early hook learned about a request, handed on to the interceptor. */
export interface CacheContext {
  readonly options: CacheAsideOptions;
  readonly ttlMs: number;
  readonly slot?: CacheSlot;
  readonly lookup?: CacheLookup;
  readonly state: CacheState;
  /** An expired entry still allowed to stand in if Elasticsearch fails (stale-if-error). */
  readonly fallback?: CachedResponse;
  /** The request answered, named in the miss path's log lines (the interceptor sets it). */
  readonly req?: LoggedRequest;
}
