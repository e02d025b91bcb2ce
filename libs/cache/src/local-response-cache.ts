import type { CachedResponse } from './cached-response';
import type { CacheLookup, CacheSlot, Generation } from './response-cache.store';

interface LocalCopy {
  readonly entry: CachedResponse;
  readonly generation: string;
  /** When the Redis read that returned it was sent. */
  readonly readAtMs: number;
  readonly bytes: number;
}

/** Key, header fields and Map bookkeeping of one copy, on top of its body. */
const COPY_OVERHEAD_BYTES = 256;

/**
 * The in-process tier (L1): copies of fresh entries read from Redis, least recently used evicted first
 * once their bytes pass `maxBytes`, each served for at most `maxAgeMs` after it was read; and the
 * generations learned from Redis, so a lookup needs no Redis command. Invalidations (local or
 * pushed) move `epoch`: a Redis read sent before one is not kept, so a copy never outlives an
 * invalidation it raced with.
 */
export class LocalResponseCache {
  private readonly copies = new Map<string, LocalCopy>();
  private readonly generations = new Map<string, number>();
  private bytes = 0;
  epoch = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  get(key: string, slot: CacheSlot): CacheLookup | undefined {
    const copy = this.copies.get(key);
    if (!copy) return undefined;
    const generation = this.knownGeneration(slot);
    const nowMs = this.now();
    // Past its TTL a copy is left to Redis: STALE and its one refresh are decided there.
    const expired = nowMs - copy.readAtMs > this.maxAgeMs || nowMs - copy.entry.storedAtMs > copy.entry.ttlMs;
    if (!generation || copy.generation !== generation.join('.') || expired) {
      this.drop(key);
      return undefined;
    }
    this.copies.delete(key);
    this.copies.set(key, copy);
    return { generation, entry: copy.entry, local: true };
  }

  /** Keeps what a Redis lookup sent at `readAtMs` found, unless an invalidation came since `epoch`. */
  keep(key: string, slot: CacheSlot, found: CacheLookup, readAtMs: number, epoch: number): void {
    if (!this.enabled || epoch !== this.epoch) return;
    this.generationKeys(slot).forEach((name, i) => this.generations.set(name, found.generation[i]));
    if (!found.entry) return;
    const bytes = found.entry.body.length + COPY_OVERHEAD_BYTES;
    if (bytes > this.maxBytes) return;
    this.drop(key);
    this.copies.set(key, { entry: found.entry, generation: found.generation.join('.'), readAtMs, bytes });
    this.bytes += bytes;
    for (const oldest of this.copies.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  /** These entries were deleted in Redis. */
  retire(keys: readonly string[]): void {
    this.epoch += 1;
    for (const key of keys) this.drop(key);
  }

  /** These namespaces' generations moved: learn them again from Redis. */
  forget(namespaces: readonly string[]): void {
    this.epoch += 1;
    for (const name of [...this.generations.keys()]) {
      if (namespaces.some((ns) => name === ns || name.startsWith(`${ns}:`))) this.generations.delete(name);
    }
  }

  clear(): void {
    this.epoch += 1;
    this.copies.clear();
    this.generations.clear();
    this.bytes = 0;
  }

  get size(): { copies: number; bytes: number } {
    return { copies: this.copies.size, bytes: this.bytes };
  }

  private knownGeneration(slot: CacheSlot): Generation | undefined {
    const generation: number[] = [];
    for (const name of this.generationKeys(slot)) {
      const value = this.generations.get(name);
      if (value === undefined) return undefined;
      generation.push(value);
    }
    return generation;
  }

  /** `search`, then `search:price`…: the slot's generations by namespace and field. */
  private generationKeys(slot: CacheSlot): string[] {
    return [slot.namespace, ...slot.filters.map((field) => `${slot.namespace}:${field}`)];
  }

  private drop(key: string): void {
    const copy = this.copies.get(key);
    if (!copy) return;
    this.copies.delete(key);
    this.bytes -= copy.bytes;
  }
}
