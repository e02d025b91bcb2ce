import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RESP_TYPES } from '@redis/client';
import { AppConfig } from '@app/config';
import { cacheKey, generationKey } from '../cache-key';
import { type CachedResponse, decodeCachedResponse, encodeCachedResponse } from '../cached-response';
import { CircuitBreaker } from '../circuit-breaker';
import {
  type CacheLookup,
  type CacheSlot,
  CacheUnavailableError,
  ResponseCacheStore,
} from '../response-cache.store';
import { type LuaScript, RELEASE_LOCK } from './lua-scripts';
import { RedisConnection } from './redis-connection';
import { withTimeout } from './with-timeout';

/** Bytes ahead of the encoded response: the generation it was filled for (a double: exact up to 2^53). */
const GENERATION_BYTES = 8;

/**
 * ResponseCacheStore on Redis: binary-safe replies, per-command timeouts, a circuit breaker.
 * An entry lives at `<prefix>:<namespace>:<hash>` and starts with the generation it was filled
 * for, so a lookup is one MGET of the generation key and the entry key: as cheap for Redis as a
 * GET (an EVALSHA doing the same cost Redis 4 times the CPU, bench/README.md). An entry of an
 * older generation reads as absent; the next fill overwrites it.
 */
@Injectable()
export class RedisResponseCacheStore extends ResponseCacheStore {
  private readonly breaker = new CircuitBreaker();
  /** Bumps that failed while Redis was away; nothing is served from the cache until they land. */
  private readonly pendingBumps = new Set<string>();
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly binary;

  constructor(
    private readonly redis: RedisConnection,
    config: AppConfig,
  ) {
    super();
    this.prefix = config.cache.keyPrefix;
    this.timeoutMs = config.redis.timeoutMs;
    // Bodies come back as Buffers: written to the socket as they are, never decoded to strings.
    this.binary = redis.client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  }

  lookup(slot: CacheSlot): Promise<CacheLookup> {
    if (this.pendingBumps.size > 0) return this.flushBumps().then(() => this.lookupNow(slot));
    return this.lookupNow(slot);
  }

  private lookupNow(slot: CacheSlot): Promise<CacheLookup> {
    return this.guard(() =>
      this.binary.mGet([generationKey(this.prefix, slot.namespace), this.key(slot)]).then((reply) => {
        const [storedGeneration, raw] = reply as unknown as [Buffer | null, Buffer | null];
        const generation = storedGeneration ? Number(storedGeneration.toString('latin1')) : 0;
        return { generation, entry: entryOf(raw, generation) };
      }),
    );
  }

  read(slot: CacheSlot, generation: number): Promise<CachedResponse | undefined> {
    return this.guard(async () => entryOf(await this.binary.get(this.key(slot)), generation));
  }

  write(slot: CacheSlot, generation: number, entry: CachedResponse, keepMs: number): Promise<void> {
    return this.guard(async () => {
      const header = Buffer.allocUnsafe(GENERATION_BYTES);
      header.writeDoubleBE(generation);
      const value = Buffer.concat([header, encodeCachedResponse(entry)]);
      await this.binary.set(this.key(slot), value, { PX: keepMs });
    });
  }

  acquireLock(slot: CacheSlot, generation: number, ttlMs: number): Promise<string | undefined> {
    return this.guard(async () => {
      const token = randomUUID();
      const ok = await this.redis.client.set(this.lockKey(slot, generation), token, { NX: true, PX: ttlMs });
      return ok === 'OK' ? token : undefined;
    });
  }

  releaseLock(slot: CacheSlot, generation: number, token: string): Promise<void> {
    return this.guard(async () => {
      await this.evalScript(RELEASE_LOCK, [this.lockKey(slot, generation)], [token]);
    });
  }

  isLocked(slot: CacheSlot, generation: number): Promise<boolean> {
    return this.guard(async () => (await this.redis.client.exists(this.lockKey(slot, generation))) === 1);
  }

  async bumpGenerations(namespaces: readonly string[]): Promise<void> {
    for (const ns of namespaces) this.pendingBumps.add(ns);
    // A write right after start (e.g. the CLI) must not lose its bump to a connect in progress.
    await this.redis.waitUntilReady(this.timeoutMs);
    await this.flushBumps();
  }

  private async flushBumps(): Promise<void> {
    const namespaces = [...this.pendingBumps];
    await this.guard(async () => {
      const multi = this.redis.client.multi();
      for (const ns of namespaces) multi.incr(generationKey(this.prefix, ns));
      await multi.exec();
    });
    for (const ns of namespaces) this.pendingBumps.delete(ns);
  }

  async purge(namespaces: readonly string[]): Promise<number> {
    await this.redis.waitUntilReady(Math.max(this.timeoutMs, 3_000));
    await this.bumpGenerations(namespaces);
    let deleted = 0;
    for (const ns of namespaces) {
      const pattern = `${this.prefix}:${ns}:*`;
      for await (const keys of this.redis.client.scanIterator({ MATCH: pattern, COUNT: 500 })) {
        const doomed = keys.filter((k) => k !== generationKey(this.prefix, ns));
        if (doomed.length > 0) deleted += await this.redis.client.del(doomed);
      }
    }
    return deleted;
  }

  private key(slot: CacheSlot): string {
    return cacheKey(this.prefix, slot.namespace, slot.hash);
  }

  /** Per generation: a fill for the new generation never waits on one started before a write. */
  private lockKey(slot: CacheSlot, generation: number): string {
    return `${this.key(slot)}:lock:${generation}`;
  }

  private async evalScript(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.binary.evalSha(script.sha1, { keys, arguments: args });
    } catch (error) {
      // After a Redis restart the script cache is empty: send the source once, then SHA again.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.binary.eval(script.source, { keys, arguments: args });
    }
  }

  /**
   * Fails fast (no queueing, no waiting) while Redis is away; the breaker limits timeouts to one.
   * Promise chains rather than async functions: this is on every hit (see withTimeout).
   */
  private guard<T>(operation: () => Promise<T>): Promise<T> {
    if (!this.redis.isReady || !this.breaker.allow()) {
      return Promise.reject(new CacheUnavailableError('redis unavailable'));
    }
    let pending: Promise<T>;
    try {
      pending = operation();
    } catch (error) {
      pending = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return withTimeout(pending, this.timeoutMs).then(
      (result) => {
        this.breaker.succeeded();
        return result;
      },
      (error: unknown) => {
        this.breaker.failed();
        throw new CacheUnavailableError(error instanceof Error ? error.message : String(error));
      },
    );
  }
}

/** The entry if it was filled for this generation; anything else (older, foreign) is a miss. */
function entryOf(raw: Buffer | null, generation: number): CachedResponse | undefined {
  if (!raw || raw.length < GENERATION_BYTES || raw.readDoubleBE(0) !== generation) return undefined;
  return decodeCachedResponse(raw.subarray(GENERATION_BYTES));
}
