import type { CachedResponse } from './cached-response';

/** Which stored response: a namespace (its generation retires all of it) and a request hash. */
export interface CacheSlot {
  readonly namespace: string;
  readonly hash: string;
}

export interface CacheLookup {
  /** The namespace's current generation: bumping it retires every key of the namespace at once. */
  readonly generation: number;
  readonly entry?: CachedResponse;
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
  abstract read(slot: CacheSlot, generation: number): Promise<CachedResponse | undefined>;
  abstract write(slot: CacheSlot, generation: number, entry: CachedResponse, keepMs: number): Promise<void>;
  /** A fill lock (SET NX PX); returns a token to release with, or undefined if someone holds it. */
  abstract acquireLock(slot: CacheSlot, generation: number, ttlMs: number): Promise<string | undefined>;
  abstract releaseLock(slot: CacheSlot, generation: number, token: string): Promise<void>;
  abstract isLocked(slot: CacheSlot, generation: number): Promise<boolean>;
  /** O(1) invalidation: the next lookup in these namespaces misses. */
  abstract bumpGenerations(namespaces: readonly string[]): Promise<void>;
  /** Operator purge: bump, then delete the namespace's keys (SCAN; not for request paths). */
  abstract purge(namespaces: readonly string[]): Promise<number>;
}
