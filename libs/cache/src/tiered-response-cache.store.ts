import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { cacheKey } from './cache-key';
import type { CachedResponse } from './cached-response';
import { parseGeneration } from './generation';
import type { ListingRegistry } from './cache-aside.options';
import { DeliveryProof } from './delivery-proof';
import { GenerationView } from './generation-view';
import { LocalResponseCache } from './local-response-cache';
import { type Invalidation, InvalidationChannel } from './redis/invalidation-channel';
import { RedisResponseCacheStore } from './redis/redis-response-cache.store';
import {
  type CacheLookup,
  type CacheSlot,
  type Generation,
  type GenerationRef,
  type KeepShown,
  type Listing,
  type Retired,
  type WindowClaim,
  ResponseCacheStore,
  type LoadSpan,
  type ShownProducts,
  type StoredResponse,
} from './response-cache.store';

/**
 * The response cache's store: Redis (L2), with an in-process tier (L1, CACHE_L1_MAX_BYTES) in
 * front of lookups. A lookup the L1 answers costs no Redis command; any other, one GET of the entry
 * key (the generations come from GenerationView). Coherence:
 * - this instance's own writes retire its L1 copies and update its generations before they return;
 * - every retirement in Redis is pushed by the script that makes it (InvalidationChannel): other
 *   instances drop copies / take the new generations on receipt;
 * - a copy, and a generation, is trusted for at most CACHE_L1_MAX_AGE_MS after the later of its
 *   read from Redis and the last proof that the channel delivers (DeliveryProof), and nothing is
 *   copied while the push channel is down, so a lost push costs at most that long.
 */
@Injectable()
export class TieredResponseCacheStore extends ResponseCacheStore implements OnModuleInit {
  private readonly local: LocalResponseCache;
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisResponseCacheStore,
    private readonly channel: InvalidationChannel,
    private readonly view: GenerationView,
    proof: DeliveryProof,
    config: AppConfig,
  ) {
    super();
    this.local = new LocalResponseCache(config.cache.l1.maxBytes, config.cache.l1.maxAgeMs, proof);
    this.prefix = config.cache.keyPrefix;
  }

  onModuleInit(): void {
    // Every instance listens: generation moves reach its GenerationView by push, L1 or not.
    this.channel.subscribe({
      received: (message) => this.received(message),
      reset: () => this.local.clear(),
    });
  }

  lookup(slot: CacheSlot, freshForMs?: number): Promise<CacheLookup> {
    if (!this.local.enabled) return this.redis.lookup(slot);
    const copy = this.lookupInProcess(slot, freshForMs);
    if (copy) return Promise.resolve(copy);
    return this.readAndKeep(slot);
  }

  /**
   * The L1's copy, if it holds one fresh for generations this instance still trusts; one near the
   * end of its life is read again in the background meanwhile (claimRefresh).
   */
  override lookupInProcess(slot: CacheSlot, freshForMs?: number): CacheLookup | undefined {
    if (!this.local.enabled) return undefined;
    const keys = this.redis.keysOf(slot);
    const current = this.view.trusted(keys.generations);
    const copy = current && this.local.get(keys.entry, current, freshForMs);
    if (copy && this.local.claimRefresh(keys.entry)) this.readAndKeep(slot).catch(() => undefined);
    return copy;
  }

  /** A Redis lookup whose fresh entry the L1 keeps (not while the push channel is down). */
  private readAndKeep(slot: CacheSlot): Promise<CacheLookup> {
    const key = this.redis.keysOf(slot).entry;
    const epoch = this.local.epoch;
    const readAtMs = Date.now();
    return this.redis.lookup(slot).then((found) => {
      if (this.channel.isUp) this.local.keep(key, found, readAtMs, epoch);
      return found;
    });
  }

  read(slot: CacheSlot, generation: Generation): Promise<CachedResponse | undefined> {
    return this.redis.read(slot, generation);
  }

  writeSequence(): Promise<number> {
    return this.redis.writeSequence();
  }

  takeWriteNumber(): Promise<number> {
    return this.redis.takeWriteNumber();
  }

  write(
    slot: CacheSlot,
    generation: Generation,
    entry: CachedResponse,
    keepMs: number,
    shown?: ShownProducts,
  ): Promise<boolean> {
    return this.redis.write(slot, generation, entry, keepMs, shown);
  }

  acquireLock(slot: CacheSlot, generation: Generation, ttlMs: number): Promise<string | undefined> {
    return this.redis.acquireLock(slot, generation, ttlMs);
  }

  releaseLock(slot: CacheSlot, generation: Generation, token: string): Promise<void> {
    return this.redis.releaseLock(slot, generation, token);
  }

  isLocked(slot: CacheSlot, generation: Generation): Promise<boolean> {
    return this.redis.isLocked(slot, generation);
  }

  async retireShowing(productIds: readonly string[], keep?: KeepShown): Promise<Retired> {
    let retired: Retired;
    try {
      // What `keep` patches goes through replaceStored below: this L1 and the others' drop it too.
      retired = await this.redis.retireShowing(productIds, keep);
    } catch (error) {
      // Which copies show them is unknown: this instance drops them all.
      this.local.clear();
      throw error;
    }
    this.local.retire(retired.keys);
    return retired;
  }

  registerListing(slot: CacheSlot, keepMs: number): Promise<void> {
    return this.redis.registerListing(slot, keepMs);
  }

  listingsOn(namespace: string, registry: ListingRegistry, limit: number): Promise<readonly Listing[]> {
    return this.redis.listingsOn(namespace, registry, limit);
  }

  async retireListings(
    namespace: string,
    hashes: readonly string[],
    write: number,
  ): Promise<readonly string[]> {
    let keys: readonly string[];
    try {
      keys = await this.redis.retireListings(namespace, hashes, write);
    } catch (error) {
      this.local.clear();
      throw error;
    }
    this.local.retire(keys);
    return keys;
  }

  override readStored(namespace: string, hash: string): Promise<StoredResponse | undefined> {
    return this.redis.readStored(namespace, hash);
  }

  override async replaceStored(
    namespace: string,
    hash: string,
    stored: StoredResponse,
    entry: CachedResponse,
    write: number,
    span: LoadSpan,
  ): Promise<boolean> {
    const replaced = await this.redis.replaceStored(namespace, hash, stored, entry, write, span);
    if (replaced) this.local.retire([cacheKey(this.prefix, namespace, hash)]);
    return replaced;
  }

  claimWindows(refs: readonly GenerationRef[], ttlMs: number): Promise<WindowClaim[]> {
    return this.redis.claimWindows(refs, ttlMs);
  }

  async bumpGenerations(refs: readonly GenerationRef[], soft = false): Promise<void> {
    try {
      await this.redis.bumpGenerations(refs, soft);
    } finally {
      // After the move: a lookup that read the old generations meanwhile keeps nothing.
      this.local.moved();
    }
  }

  purge(namespaces: readonly string[]): Promise<number> {
    this.local.clear();
    return this.redis.purge(namespaces);
  }

  private received(message: Invalidation): void {
    if (message.keys) this.local.retire(message.keys);
    if (message.generations) {
      for (const [name, state] of Object.entries(message.generations)) {
        this.view.pushed(name, parseGeneration(state));
      }
      this.local.moved();
    }
  }
}
