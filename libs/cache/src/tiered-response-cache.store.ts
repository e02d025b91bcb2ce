import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { cacheKey } from './cache-key';
import type { CachedResponse } from './cached-response';
import { LocalResponseCache } from './local-response-cache';
import { type Invalidation, InvalidationChannel } from './redis/invalidation-channel';
import { RedisResponseCacheStore } from './redis/redis-response-cache.store';
import {
  type CacheLookup,
  type CacheSlot,
  type Generation,
  type GenerationRef,
  type WindowClaim,
  ResponseCacheStore,
  type ShownProducts,
} from './response-cache.store';

/**
 * The response cache's store: Redis (L2), with an in-process tier (L1, CACHE_L1_MAX_BYTES) in
 * front of lookups. A lookup the L1 answers costs no Redis command; one it does not, with the
 * generations known, a single-key GET (else the MGET of generations and entry). Coherence:
 * - this instance's own writes retire its L1 copies before they return;
 * - other instances learn them by push (InvalidationChannel) and drop their copies on receipt;
 * - a copy is served for at most CACHE_L1_MAX_AGE_MS after it was read from Redis, and nothing is
 *   copied while the push channel is down, so a lost push costs at most that long.
 */
@Injectable()
export class TieredResponseCacheStore extends ResponseCacheStore implements OnModuleInit {
  private readonly local: LocalResponseCache;
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisResponseCacheStore,
    private readonly channel: InvalidationChannel,
    config: AppConfig,
  ) {
    super();
    this.local = new LocalResponseCache(config.cache.l1.maxBytes, config.cache.l1.maxAgeMs);
    this.prefix = config.cache.keyPrefix;
  }

  onModuleInit(): void {
    if (this.local.enabled) this.channel.subscribe((message) => this.received(message));
  }

  lookup(slot: CacheSlot): Promise<CacheLookup> {
    if (!this.local.enabled) return this.redis.lookup(slot);
    const key = cacheKey(this.prefix, slot.namespace, slot.hash);
    const copy = this.local.get(key, slot);
    if (copy) return Promise.resolve(copy);
    const epoch = this.local.epoch;
    const readAtMs = Date.now();
    const keep = (found: CacheLookup, learned = true): CacheLookup => {
      if (this.channel.isUp) this.local.keep(key, slot, found, readAtMs, epoch, learned);
      return found;
    };
    const generation = this.channel.isUp ? this.local.knownGeneration(slot) : undefined;
    if (!generation) return this.redis.lookup(slot).then((found) => keep(found));
    // Generations known: one GET of one key. A miss asks Redis for the generations too, so a fill
    // never stores under generations this instance has not caught up with.
    return this.redis
      .read(slot, generation)
      .then((entry) =>
        entry ? keep({ generation, entry }, false) : this.redis.lookup(slot).then((found) => keep(found)),
      );
  }

  read(slot: CacheSlot, generation: Generation): Promise<CachedResponse | undefined> {
    return this.redis.read(slot, generation);
  }

  writeSequence(): Promise<number> {
    return this.redis.writeSequence();
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

  async retireShowing(productIds: readonly string[]): Promise<readonly string[]> {
    let keys: readonly string[];
    try {
      keys = await this.redis.retireShowing(productIds);
    } catch (error) {
      // Which copies show them is unknown: this instance drops them all.
      this.local.clear();
      throw error;
    }
    this.local.retire(keys);
    if (keys.length > 0) await this.channel.publish({ keys });
    return keys;
  }

  claimWindows(refs: readonly GenerationRef[], ttlMs: number): Promise<WindowClaim[]> {
    return this.redis.claimWindows(refs, ttlMs);
  }

  async bumpGenerations(refs: readonly GenerationRef[]): Promise<void> {
    const namespaces = [...new Set(refs.map((ref) => ref.namespace))];
    try {
      await this.redis.bumpGenerations(refs);
    } finally {
      // After the INCR: a lookup that read the old generation meanwhile keeps nothing.
      this.local.forget(namespaces);
    }
    await this.channel.publish({ namespaces });
  }

  async purge(namespaces: readonly string[]): Promise<number> {
    this.local.clear();
    const deleted = await this.redis.purge(namespaces);
    await this.channel.publish({ namespaces });
    return deleted;
  }

  private received(message: Invalidation | 'reset'): void {
    if (message === 'reset') return this.local.clear();
    if (message.keys) this.local.retire(message.keys);
    if (message.namespaces) this.local.forget(message.namespaces);
  }
}
