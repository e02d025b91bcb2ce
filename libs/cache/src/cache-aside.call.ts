import { Injectable } from '@nestjs/common';
import type { LoggedRequest } from '@app/observability';
import { CacheAsideService } from './cache-aside.service';
import type { CacheAsideOptions } from './cache-aside.options';
import type { CacheContext, CacheState } from './cache-context';
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
 * Same decisions as the interceptor (CacheAsideService.answer).
 */
@Injectable()
export class CacheAsideCall {
  constructor(private readonly cache: CacheAsideService) {}

  /**
   * Looks a request up by the route's query it stands for (not yet validated). `key` names that
   * query exactly (it memoizes the validation, the costly part of a hit, as a URL does for a
   * GET); the cache key is still built from the validated DTO. No slot: the query is invalid.
   * `req` is the request it is part of, named in the miss path's log lines.
   */
  begin(options: CacheAsideOptions, key: string, query: object, req?: LoggedRequest): Promise<CacheContext> {
    return this.cache
      .begin(options, `${CALL_KEY_PREFIX}${key}`, () => query, {})
      .then((context) => ({ ...context, req }));
  }

  /** Answers a looked-up request: from the cache, or by running `load` once per key. */
  async serve(context: CacheContext, load: Load): Promise<CachedCall> {
    const { entry, state } = await this.cache.answer(context, load);
    return {
      body: decodeBody(entry.body, entry.encoding),
      state,
      ageMs: Math.max(0, Date.now() - entry.storedAtMs),
    };
  }
}
/** Memo keys of calls never collide with a request URL, which starts with `/`. */
const CALL_KEY_PREFIX = 'call:';
