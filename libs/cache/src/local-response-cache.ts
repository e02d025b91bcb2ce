import type { CachedResponse } from './cached-response';
import { decodeBody } from './content-encoding';
import type { DeliveryProof } from './delivery-proof';
import { freshness, type GenerationState } from './generation';
import type { CacheLookup, Generation } from './response-cache.store';

interface LocalCopy {
  readonly entry: CachedResponse;
  /** The generations it was read for. */
  readonly generation: Generation;
  /** When the Redis read that returned it was sent. */
  readonly readAtMs: number;
  /** Its budget share: the stored body, `decoded` once kept, and COPY_OVERHEAD_BYTES. */
  bytes: number;
  /** What a lookup returns while the generations are still the ones it was read for (built once). */
  readonly found: CacheLookup;
  /** When it last moved to the most recently used end. */
  touchedAtMs: number;
  /** The body decoded, kept from the first client that did not accept the stored coding. */
  decoded?: Buffer;
  /** A read of it again has been claimed (claimRefresh). */
  refreshing?: boolean;
}

/** Key, header fields and Map bookkeeping of one copy, on top of its body. */
const COPY_OVERHEAD_BYTES = 256;
/**
 * A copy moves to the most recently used end at most once per this share of its life (maxAgeMs): a
 * hot copy's every hit would otherwise delete and re-insert it. Eviction order is exact to within that.
 */
const TOUCHES_PER_LIFE = 10;
/**
 * A copy hit past this share of its life is read again in the background (claimRefresh), so a
 * steadily hit copy is renewed before it expires and its hits never wait for Redis (only when
 * the channel has not proven delivery lately: otherwise its life is renewed by that proof).
 */
const REFRESH_AT_SHARE = 0.9;

/**
 * The in-process tier (L1): copies of fresh entries read from Redis, least recently used evicted first
 * once their bytes pass `maxBytes`, each served only while it is fresh for the current generations
 * (GenerationView) and its TTL, and for at most `maxAgeMs` after the later of its read and the
 * last proof that every push sent before it was received (DeliveryProof): a push lost or late costs
 * at most that long. A lookup needs no Redis command. Invalidations (local or pushed) move `epoch`:
 * a Redis read sent before one is not kept, so a copy never outlives an invalidation it raced with.
 */
export class LocalResponseCache {
  private readonly copies = new Map<string, LocalCopy>();
  private bytes = 0;
  private readonly touchMs: number;
  private readonly refreshAfterMs: number;
  epoch = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxAgeMs: number,
    private readonly proof: DeliveryProof,
    private readonly now: () => number = Date.now,
  ) {
    this.touchMs = maxAgeMs / TOUCHES_PER_LIFE;
    this.refreshAfterMs = maxAgeMs * REFRESH_AT_SHARE;
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /**
   * The copy, if fresh for `current` and filled less than `freshForMs` ago (the route's TTL as the
   * caller counts it, which a restart with another TTL makes differ from the entry's own).
   */
  get(key: string, current: readonly GenerationState[], freshForMs?: number): CacheLookup | undefined {
    const copy = this.copies.get(key);
    if (!copy) return undefined;
    const nowMs = this.now();
    // Past its TTL a copy is left to Redis: STALE and its one refresh are decided there.
    const expired =
      nowMs - this.vouchedAtMs(copy) > this.maxAgeMs ||
      nowMs - copy.entry.storedAtMs > (freshForMs ?? copy.entry.ttlMs);
    if (expired || freshness(copy.generation, current, nowMs, 0) !== 'fresh') {
      this.drop(key);
      return undefined;
    }
    if (nowMs - copy.touchedAtMs > this.touchMs) {
      copy.touchedAtMs = nowMs;
      this.copies.delete(key);
      this.copies.set(key, copy);
    }
    if (readFor(copy.generation, current)) return copy.found;
    const { entry, decoded } = copy.found;
    return { generation: current.map((state) => state.value), entry, decoded, local: true };
  }

  /**
   * True once per copy, when it is held and past REFRESH_AT_SHARE of its life: the caller then reads
   * it again (and keeps what it finds); until that lands, or the copy's life ends, it is served as it is.
   */
  claimRefresh(key: string): boolean {
    const copy = this.copies.get(key);
    if (!copy || copy.refreshing || this.now() - this.vouchedAtMs(copy) <= this.refreshAfterMs) return false;
    copy.refreshing = true;
    return true;
  }

  /** Keeps the fresh entry a Redis read sent at `readAtMs` found, unless an invalidation came since `epoch`. */
  keep(key: string, found: CacheLookup, readAtMs: number, epoch: number): void {
    if (!this.enabled || epoch !== this.epoch) return;
    // Nothing fresh there any more (a copy read again ahead of its end, or a lookup that missed).
    if (!found.entry) return this.drop(key);
    const bytes = found.entry.body.length + COPY_OVERHEAD_BYTES;
    if (bytes > this.maxBytes) return;
    this.drop(key);
    const entry = { ...found.entry, body: ownBytes(found.entry.body) };
    const { generation } = found;
    const decoded = (): Buffer => this.decodedBody(key, copy);
    const copy: LocalCopy = {
      entry,
      generation,
      readAtMs,
      bytes,
      found: { generation, entry, decoded, local: true },
      touchedAtMs: readAtMs,
    };
    this.copies.set(key, copy);
    this.bytes += bytes;
    this.evictPastBudget();
  }

  /** These entries were deleted in Redis. */
  retire(keys: readonly string[]): void {
    this.epoch += 1;
    for (const key of keys) this.drop(key);
  }

  /** Generations moved: a Redis read sent before is not kept (its copies are checked against them anyway). */
  moved(): void {
    this.epoch += 1;
  }

  clear(): void {
    this.epoch += 1;
    this.copies.clear();
    this.bytes = 0;
  }

  get size(): { copies: number; bytes: number } {
    return { copies: this.copies.size, bytes: this.bytes };
  }

  /**
   * The copy's body decoded, for a client that does not accept its coding: gunzipping it on every
   * such hit cost about as much as the rest of the hit. Kept with the copy (and counted in the
   * budget) if the copy is still held and both fit.
   */
  private decodedBody(key: string, copy: LocalCopy): Buffer {
    if (copy.decoded) return copy.decoded;
    const body = decodeBody(copy.entry.body, copy.entry.encoding);
    if (body === copy.entry.body || this.copies.get(key) !== copy) return body;
    if (copy.bytes + body.length > this.maxBytes) return body;
    copy.decoded = body;
    copy.bytes += body.length;
    this.bytes += body.length;
    this.evictPastBudget();
    return body;
  }

  /** Since when nothing can have retired the copy unseen: its read, or the channel's last proof. */
  private vouchedAtMs(copy: LocalCopy): number {
    return this.proof.vouchedAt(copy.readAtMs);
  }

  private evictPastBudget(): void {
    for (const oldest of this.copies.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const copy = this.copies.get(key);
    if (!copy) return;
    this.copies.delete(key);
    this.bytes -= copy.bytes;
  }
}

/** Whether the copy was read for exactly the current generations (not later ones). */
function readFor(generation: Generation, current: readonly GenerationState[]): boolean {
  for (let i = 0; i < generation.length; i++) if (generation[i] !== current[i].value) return false;
  return true;
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
