import { randomUUID } from 'node:crypto';
import { cacheKey } from '../cache-key';
import type { CachedResponse } from '../cached-response';
import {
  type CacheLookup,
  type CacheSlot,
  CacheUnavailableError,
  ResponseCacheStore,
} from '../response-cache.store';

interface Stored<T> {
  readonly value: T;
  readonly expiresAtMs: number;
}

/**
 * ResponseCacheStore in memory, for unit tests: the same semantics as the Redis adapter (keys
 * expire after their PX on the injected clock, NX locks with a token and an expiry, per-namespace
 * generations), and `available = false` makes every call fail as an unreachable Redis would.
 */
export class InMemoryResponseCacheStore extends ResponseCacheStore {
  available = true;
  private readonly entries = new Map<string, Stored<CachedResponse>>();
  private readonly locks = new Map<string, Stored<string>>();
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly prefix = 'test',
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  lookup(slot: CacheSlot): Promise<CacheLookup> {
    return this.guard(() => {
      const generation = this.generation(slot.namespace);
      return { generation, entry: this.live(this.entries, this.key(slot, generation)) };
    });
  }

  read(slot: CacheSlot, generation: number): Promise<CachedResponse | undefined> {
    return this.guard(() => this.live(this.entries, this.key(slot, generation)));
  }

  write(slot: CacheSlot, generation: number, entry: CachedResponse, keepMs: number): Promise<void> {
    return this.guard(() => {
      this.entries.set(this.key(slot, generation), { value: entry, expiresAtMs: this.now() + keepMs });
    });
  }

  acquireLock(slot: CacheSlot, generation: number, ttlMs: number): Promise<string | undefined> {
    return this.guard(() => {
      const key = this.key(slot, generation);
      if (this.live(this.locks, key) !== undefined) return undefined;
      const token = randomUUID();
      this.locks.set(key, { value: token, expiresAtMs: this.now() + ttlMs });
      return token;
    });
  }

  releaseLock(slot: CacheSlot, generation: number, token: string): Promise<void> {
    return this.guard(() => {
      const key = this.key(slot, generation);
      if (this.live(this.locks, key) === token) this.locks.delete(key);
    });
  }

  isLocked(slot: CacheSlot, generation: number): Promise<boolean> {
    return this.guard(() => this.live(this.locks, this.key(slot, generation)) !== undefined);
  }

  bumpGenerations(namespaces: readonly string[]): Promise<void> {
    return this.guard(() => {
      for (const ns of namespaces) this.generations.set(ns, this.generation(ns) + 1);
    });
  }

  purge(namespaces: readonly string[]): Promise<number> {
    return this.guard(() => {
      for (const ns of namespaces) this.generations.set(ns, this.generation(ns) + 1);
      let deleted = 0;
      for (const key of [...this.entries.keys()]) {
        if (namespaces.some((ns) => key.startsWith(`${this.prefix}:${ns}:`))) {
          this.entries.delete(key);
          deleted += 1;
        }
      }
      return deleted;
    });
  }

  /** Keys currently stored (live ones only), as the Redis adapter would name them. */
  keys(): string[] {
    return [...this.entries.keys()].filter((key) => this.live(this.entries, key) !== undefined);
  }

  private generation(namespace: string): number {
    return this.generations.get(namespace) ?? 0;
  }

  private key(slot: CacheSlot, generation: number): string {
    return `${cacheKey(this.prefix, slot.namespace, slot.hash)}@${generation}`;
  }

  private live<T>(map: Map<string, Stored<T>>, key: string): T | undefined {
    const stored = map.get(key);
    if (!stored) return undefined;
    if (this.now() < stored.expiresAtMs) return stored.value;
    map.delete(key);
    return undefined;
  }

  private async guard<T>(operation: () => T): Promise<T> {
    // A real round trip: callers never get an answer in the same tick they asked.
    await Promise.resolve();
    if (!this.available) throw new CacheUnavailableError('in-memory store marked unavailable');
    return operation();
  }
}
