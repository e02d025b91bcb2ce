import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RESP_TYPES } from '@redis/client';
import { AppConfig } from '@app/config';
import { CircuitBreaker, RedisConnection, withTimeout } from '@app/redis';
import { cacheKey, generationKey, showsKey, windowKey, writeSequenceKey, writtenKey } from '../cache-key';
import type { CachedResponse } from '../cached-response';
import {
  type CacheLookup,
  type CacheSlot,
  CacheUnavailableError,
  type Generation,
  type GenerationRef,
  type WindowClaim,
  ResponseCacheStore,
  type ShownProducts,
} from '../response-cache.store';
import { frameEntry, newFillId, unframeEntry } from './entry-frame';
import { CONFIRM_FILL, type LuaScript, RELEASE_LOCK, RETIRE_SHOWN, TAG_SHOWN } from './lua-scripts';

/** Products retired per round trip: a bulk write of thousands stays within the command timeout. */
const RETIRE_CHUNK = 500;

/**
 * ResponseCacheStore on Redis: binary-safe replies, per-command timeouts, a circuit breaker.
 * An entry lives at `<prefix>:<namespace>:<hash>` and starts with the generations it was filled
 * for (entry-frame.ts), so a lookup is one MGET of the generation keys and the entry key: as cheap
 * for Redis as a GET (an EVALSHA doing the same cost Redis 4 times the CPU, bench/README.md). An
 * entry of an older generation reads as absent; the next fill overwrites it. Every other command
 * touches one key, or one product's two keys that share a hash slot.
 */
@Injectable()
export class RedisResponseCacheStore extends ResponseCacheStore {
  private readonly breaker = new CircuitBreaker();
  /** Generation keys whose bump failed while Redis was away; nothing is served until they land. */
  private readonly pendingBumps = new Set<string>();
  private readonly prefix: string;
  private readonly timeoutMs: number;
  /** Outlives any fill that may still store (CacheFiller stores nothing that loaded for longer). */
  private readonly markerTtlMs: number;
  private readonly binary;

  constructor(
    private readonly redis: RedisConnection,
    config: AppConfig,
  ) {
    super();
    this.prefix = config.cache.keyPrefix;
    this.timeoutMs = config.redis.timeoutMs;
    this.markerTtlMs = 2 * config.cache.lockTtlMs;
    // Bodies come back as Buffers: written to the socket as they are, never decoded to strings.
    this.binary = redis.client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
  }

  lookup(slot: CacheSlot): Promise<CacheLookup> {
    if (this.pendingBumps.size > 0) return this.flushBumps().then(() => this.lookupNow(slot));
    return this.lookupNow(slot);
  }

  private lookupNow(slot: CacheSlot): Promise<CacheLookup> {
    const keys = [...this.generationKeys(slot), this.key(slot)];
    return this.guard(() =>
      this.binary.mGet(keys).then((reply) => {
        const values = reply;
        const generation = values.slice(0, -1).map((g) => (g ? Number(g.toString('latin1')) : 0));
        return { generation, entry: unframeEntry(values[values.length - 1], generation) };
      }),
    );
  }

  read(slot: CacheSlot, generation: Generation): Promise<CachedResponse | undefined> {
    return this.guard(async () => unframeEntry(await this.binary.get(this.key(slot)), generation));
  }

  writeSequence(): Promise<number> {
    return this.guard(async () => Number((await this.redis.client.get(writeSequenceKey(this.prefix))) ?? 0));
  }

  write(
    slot: CacheSlot,
    generation: Generation,
    entry: CachedResponse,
    keepMs: number,
    shown?: ShownProducts,
  ): Promise<boolean> {
    const key = this.key(slot);
    const fillId = newFillId();
    if (!shown || shown.ids.length === 0) {
      return this.guard(async () => {
        await this.binary.set(key, frameEntry(entry, generation, fillId, true), { PX: keepMs });
        return true;
      });
    }
    // Pending first, tags next, confirm last: a write that ran before the tags landed shows in
    // its marker; one after them finds the key in the shows set and deletes it.
    return this.guard(async () => {
      await this.binary.set(key, frameEntry(entry, generation, fillId, false), { PX: keepMs });
      const written = await Promise.all(
        [...new Set(shown.ids)].map((id) =>
          this.evalScript(
            TAG_SHOWN,
            [showsKey(this.prefix, id), writtenKey(this.prefix, id)],
            [key, String(keepMs)],
          ),
        ),
      );
      if (written.some((seq) => Number(seq) > shown.since)) {
        await this.redis.client.del(key);
        return false;
      }
      return (await this.evalScript(CONFIRM_FILL, [key], [fillId])) === 1;
    });
  }

  acquireLock(slot: CacheSlot, generation: Generation, ttlMs: number): Promise<string | undefined> {
    return this.guard(async () => {
      const token = randomUUID();
      const ok = await this.redis.client.set(this.lockKey(slot, generation), token, { NX: true, PX: ttlMs });
      return ok === 'OK' ? token : undefined;
    });
  }

  releaseLock(slot: CacheSlot, generation: Generation, token: string): Promise<void> {
    return this.guard(async () => {
      await this.evalScript(RELEASE_LOCK, [this.lockKey(slot, generation)], [token]);
    });
  }

  isLocked(slot: CacheSlot, generation: Generation): Promise<boolean> {
    return this.guard(async () => (await this.redis.client.exists(this.lockKey(slot, generation))) === 1);
  }

  async retireShowing(productIds: readonly string[]): Promise<readonly string[]> {
    await this.redis.waitUntilReady(this.timeoutMs);
    const seq = await this.guard(() => this.redis.client.incr(writeSequenceKey(this.prefix)));
    const ids = [...new Set(productIds)];
    const retired: string[] = [];
    for (let start = 0; start < ids.length; start += RETIRE_CHUNK) {
      const chunk = ids.slice(start, start + RETIRE_CHUNK);
      const shown = await this.guard(() =>
        Promise.all(
          chunk.map((id) =>
            this.evalScript(
              RETIRE_SHOWN,
              [showsKey(this.prefix, id), writtenKey(this.prefix, id)],
              [String(seq), String(this.markerTtlMs)],
            ),
          ),
        ),
      );
      const doomed = [...new Set((shown as string[][]).flat())];
      // One DEL per key: the responses live in different hash slots.
      if (doomed.length > 0) await this.guard(() => Promise.all(doomed.map((k) => this.redis.client.del(k))));
      retired.push(...doomed);
    }
    return retired;
  }

  async bumpGenerations(refs: readonly GenerationRef[]): Promise<void> {
    for (const ref of refs) this.pendingBumps.add(generationKey(this.prefix, ref.namespace, ref.field));
    // A write right after start (e.g. the CLI) must not lose its bump to a connect in progress.
    await this.redis.waitUntilReady(this.timeoutMs);
    await this.flushBumps();
  }

  claimWindows(refs: readonly GenerationRef[], ttlMs: number): Promise<WindowClaim[]> {
    return this.guard(() =>
      Promise.all(
        refs.map(async (ref) => {
          const key = windowKey(generationKey(this.prefix, ref.namespace, ref.field));
          if ((await this.redis.client.set(key, '1', { NX: true, PX: ttlMs })) === 'OK') return { ref };
          // -2: it ended between the two commands, so the caller may try again at once.
          return { ref, openForMs: Math.max(0, await this.redis.client.pTTL(key)) };
        }),
      ),
    );
  }

  private async flushBumps(): Promise<void> {
    const keys = [...this.pendingBumps];
    await this.guard(() => Promise.all(keys.map((key) => this.redis.client.incr(key))));
    for (const key of keys) this.pendingBumps.delete(key);
  }

  async purge(namespaces: readonly string[]): Promise<number> {
    await this.redis.waitUntilReady(Math.max(this.timeoutMs, 3_000));
    await this.bumpGenerations(namespaces.map((namespace) => ({ namespace })));
    let deleted = 0;
    for (const ns of namespaces) {
      const generations = generationKey(this.prefix, ns);
      for await (const keys of this.redis.scan(`${this.prefix}:${ns}:*`)) {
        const doomed = keys.filter((k) => k !== generations && !k.startsWith(`${generations}:`));
        // One DEL per key: on a cluster, a SCAN batch spans slots.
        if (doomed.length > 0)
          deleted += (await Promise.all(doomed.map((k) => this.redis.client.del(k)))).reduce(
            (a, b) => a + b,
            0,
          );
      }
    }
    return deleted;
  }

  private generationKeys(slot: CacheSlot): string[] {
    return [
      generationKey(this.prefix, slot.namespace),
      ...slot.filters.map((field) => generationKey(this.prefix, slot.namespace, field)),
    ];
  }

  private key(slot: CacheSlot): string {
    return cacheKey(this.prefix, slot.namespace, slot.hash);
  }

  /** Per generation: a fill for the new generation never waits on one started before a write. */
  private lockKey(slot: CacheSlot, generation: Generation): string {
    return `${this.key(slot)}:lock:${generation.join('.')}`;
  }

  private async evalScript(script: LuaScript, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await this.redis.client.evalSha(script.sha1, { keys, arguments: args });
    } catch (error) {
      // After a Redis restart the script cache is empty: send the source once, then SHA again.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.redis.client.eval(script.source, { keys, arguments: args });
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
