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
 * generations learned from Redis (trusted for `maxAgeMs` too), so a lookup needs no Redis command,
 * or a single-key GET when only the entry is missing. Invalidations (local or
 * pushed) move `epoch`: a Redis read sent before one is not kept, so a copy never outlives an
 * invalidation it raced with.
 */
export class LocalResponseCache {
  private readonly copies = new Map<string, LocalCopy>();
  /** Generation values and when the Redis read that returned them was sent. */
  private readonly generations = new Map<string, { value: number; readAtMs: number }>();
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

  /**
   * Keeps what a Redis read sent at `readAtMs` found, unless an invalidation came since `epoch`.
   * `learned`: its generations came from Redis too (not from this cache), so they are trusted anew.
   */
  keep(
    key: string,
    slot: CacheSlot,
    found: CacheLookup,
    readAtMs: number,
    epoch: number,
    learned = true,
  ): void {
    if (!this.enabled || epoch !== this.epoch) return;
    if (learned) {
      this.generationKeys(slot).forEach((name, i) =>
        this.generations.set(name, { value: found.generation[i], readAtMs }),
      );
    }
    if (!found.entry) return;
    const bytes = found.entry.body.length + COPY_OVERHEAD_BYTES;
    if (bytes > this.maxBytes) return;
    this.drop(key);
    const entry = { ...found.entry, body: ownBytes(found.entry.body) };
    this.copies.set(key, { entry, generation: found.generation.join('.'), readAtMs, bytes });
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

  /** The slot's generations if all were learned within `maxAgeMs` (and not forgotten since). */
  knownGeneration(slot: CacheSlot): Generation | undefined {
    if (!this.enabled) return undefined;
    const generation: number[] = [];
    const oldestMs = this.now() - this.maxAgeMs;
    for (const name of this.generationKeys(slot)) {
      const learned = this.generations.get(name);
      if (learned === undefined || learned.readAtMs < oldestMs) return undefined;
      generation.push(learned.value);
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

/**
 * A reply's body is a view into the socket chunk it arrived in (or a pooled slab): copied into
 * memory of its own, so a kept copy holds exactly its bytes and the budget counts what is held.
 */
function ownBytes(body: Buffer): Buffer {
  const own = Buffer.allocUnsafeSlow(body.length);
  body.copy(own);
  return own;
}
