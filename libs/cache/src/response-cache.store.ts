import type { FilterField } from './cache-aside.options';
import type { CachedResponse } from './cached-response';

/**
 * Which stored response: a namespace (its generation retires all of it), a request hash, and the
 * filter fields whose own generations retire it too.
 */
export interface CacheSlot {
  readonly namespace: string;
  readonly hash: string;
  /** In FILTER_FIELDS order. */
  readonly filters: readonly FilterField[];
}

/** The generations a slot's entry must have been filled for: the namespace's, then one per filter. */
export type Generation = readonly number[];

/** A namespace's generation, or one of its filter fields' (see CacheSlot). */
export interface GenerationRef {
  readonly namespace: string;
  readonly field?: FilterField;
}

export interface CacheLookup {
  /** Bumping any of these retires the slot's entry at once. */
  readonly generation: Generation;
  readonly entry?: CachedResponse;
  /** Answered from the in-process tier, without Redis. */
  readonly local?: boolean;
}

/** The products a stored response shows, and the write sequence read before it was loaded. */
export interface ShownProducts {
  readonly ids: readonly string[];
  readonly since: number;
}

export interface WindowClaim {
  readonly ref: GenerationRef;
  readonly openForMs?: number;
}

/** The store could not be asked (down, timed out, circuit open): the caller bypasses the cache. */
export class CacheUnavailableError extends Error {
  override readonly name = 'CacheUnavailableError';
}

/**
 * Port for the shared response cache. Every method either answers within the configured Redis
 * timeout or throws CacheUnavailableError; none of them queue while the store is away.
 */
export abstract class ResponseCacheStore {
  /** Current generation and the entry stored under it, in one round trip. */
  abstract lookup(slot: CacheSlot): Promise<CacheLookup>;
  /** The entry under an explicit generation (used by waiters polling for another's fill). */
  abstract read(slot: CacheSlot, generation: Generation): Promise<CachedResponse | undefined>;
  /** The current write sequence; a fill reads it before loading and hands it to `write`. */
  abstract writeSequence(): Promise<number>;
  /**
   * Stores an entry tagged with the products it shows. Returns false, storing nothing readable,
   * when one of them was written after `shown.since` (the load may predate that write): the
   * caller loads again. Either the write's `retireShowing` sees the entry, or this sees the write.
   */
  abstract write(
    slot: CacheSlot,
    generation: Generation,
    entry: CachedResponse,
    keepMs: number,
    shown?: ShownProducts,
  ): Promise<boolean>;
  /** A fill lock (SET NX PX); returns a token to release with, or undefined if someone holds it. */
  abstract acquireLock(slot: CacheSlot, generation: Generation, ttlMs: number): Promise<string | undefined>;
  abstract releaseLock(slot: CacheSlot, generation: Generation, token: string): Promise<void>;
  abstract isLocked(slot: CacheSlot, generation: Generation): Promise<boolean>;
  /** Deletes every stored response that shows one of these products; returns their keys. */
  abstract retireShowing(productIds: readonly string[]): Promise<readonly string[]>;
  /**
   * Claims the staleness window of each generation for `ttlMs` (SET NX PX), fleet-wide. A claimed
   * one (`openForMs` undefined) is this caller's to move now; for the others, a window another
   * move opened is still running for `openForMs`.
   */
  abstract claimWindows(refs: readonly GenerationRef[], ttlMs: number): Promise<WindowClaim[]>;
  /** O(1) invalidation: the next lookup of a slot depending on one of these misses. */
  abstract bumpGenerations(refs: readonly GenerationRef[]): Promise<void>;
  /** Operator purge: bump, then delete the namespace's keys (SCAN; not for request paths). */
  abstract purge(namespaces: readonly string[]): Promise<number>;
}
