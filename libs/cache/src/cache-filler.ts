import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/observability';
import { cacheKey } from './cache-key';
import type { CacheContext } from './cache-context';
import { type CachedResponse, cachedResponse } from './cached-response';
import {
  type CacheSlot,
  CacheUnavailableError,
  type Generation,
  ResponseCacheStore,
  type ShownProducts,
} from './response-cache.store';

/** A miss's serialized body and the ids of the products it shows. */
export interface Loaded {
  readonly body: Buffer;
  readonly shows: readonly string[];
}

/** Produces a miss's response (runs the controller, i.e. queries Elasticsearch). */
export type Load = () => Promise<Loaded>;

const JSON_TYPE = 'application/json; charset=utf-8';
const POLL_START_MS = 5;
const POLL_MAX_MS = 50;
/** A load that raced with a write of a product it shows is repeated once (that one is post-write). */
const MAX_LOADS = 2;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fills a missing key with exactly one load, however many requests miss it at once:
 * in this process they share one promise; across processes one holds a Redis lock
 * (SET NX PX) and the others poll for its result. Whoever gets the lock checks the key again
 * first, so a request that missed just before the fill finished does not load a second time.
 * An entry is stored only if none of the products it shows was written while it loaded (see
 * ResponseCacheStore.write); otherwise it is loaded again, so nobody waiting for this fill gets a
 * response that predates a write which already returned.
 */
@Injectable()
export class CacheFiller {
  private readonly logger = new Logger('CacheAside');
  private readonly inFlight = new Map<string, Promise<CachedResponse>>();

  constructor(
    private readonly store: ResponseCacheStore,
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  /**
   * After a write, no request may join a load that started before it. Keys with a generation
   * change anyway; this matters for BYPASS loads (Redis away), which have no generation.
   */
  forgetInFlight(): void {
    this.inFlight.clear();
  }

  fill(context: CacheContext, load: Load): Promise<CachedResponse> {
    const generation = context.lookup?.generation.join('.') ?? '-';
    const id = `${context.options.route}:${generation}:${context.slot?.hash ?? Math.random()}`;
    const running = this.inFlight.get(id);
    if (running) {
      this.metrics.coalescedWaits.inc({ route: context.options.route, scope: 'process' });
      return running;
    }
    const filling = this.fillOnce(context, load).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, filling);
    return filling;
  }

  private async fillOnce(context: CacheContext, load: Load): Promise<CachedResponse> {
    const { slot, lookup } = context;
    if (context.state === 'BYPASS' || !slot || !lookup) return this.build(context, (await load()).body);
    const deadline = Date.now() + this.config.cache.lockTtlMs;
    while (Date.now() < deadline) {
      let token: string | undefined;
      try {
        token = await this.store.acquireLock(slot, lookup.generation, this.config.cache.lockTtlMs);
      } catch (error) {
        if (error instanceof CacheUnavailableError) return this.build(context, (await load()).body);
        throw error;
      }
      if (token) return this.fillLocked(context, slot, lookup.generation, token, load);
      const filled = await this.awaitOtherFill(context, slot, lookup.generation, deadline);
      if (filled) return filled;
    }
    // The lock holder hung past the lock's lifetime: load ourselves rather than fail.
    return this.build(context, (await load()).body);
  }

  private async fillLocked(
    context: CacheContext,
    slot: CacheSlot,
    generation: Generation,
    token: string,
    load: Load,
  ): Promise<CachedResponse> {
    try {
      const current = await this.store.read(slot, generation).catch(() => undefined);
      if (current && this.isFresh(current, context.ttlMs)) return current;
      return await this.loadAndSave(context, slot, generation, load);
    } finally {
      await this.store.releaseLock(slot, generation, token).catch(() => undefined);
    }
  }

  private async loadAndSave(
    context: CacheContext,
    slot: CacheSlot,
    generation: Generation,
    load: Load,
  ): Promise<CachedResponse> {
    for (let attempt = 1; ; attempt++) {
      // Listed before the write number is read: a write that misses the record has a lower number.
      const since = await this.store
        .registerListing(slot, this.keepMs(context))
        .then(() => this.store.writeSequence())
        .catch(() => undefined);
      const startedMs = Date.now();
      const loaded = await load();
      const entry = this.build(context, loaded.body);
      // Without the sequence, or past the write markers' lifetime, a race could go unseen.
      if (since === undefined || Date.now() - startedMs > this.config.cache.lockTtlMs) return entry;
      // Read again once loaded: a write numbered above it was sent after this load ended (LoadSpan).
      const until = await this.store.writeSequence().catch(() => undefined);
      const shown = { ids: loaded.shows, route: context.options.route, since, until };
      if ((await this.save(context, slot, generation, entry, shown)) || attempt >= MAX_LOADS) return entry;
      this.logger.log(
        { event: 'cache.fill_raced', key: this.keyOf(slot), req: context.req },
        'a product this response shows was written during the load: loading again',
      );
    }
  }

  /** Polls for the lock holder's result; undefined when the lock went away without one. */
  private async awaitOtherFill(
    context: CacheContext,
    slot: CacheSlot,
    generation: Generation,
    deadline: number,
  ): Promise<CachedResponse | undefined> {
    this.metrics.coalescedWaits.inc({ route: context.options.route, scope: 'instances' });
    for (let delay = POLL_START_MS; Date.now() < deadline; delay = Math.min(delay * 2, POLL_MAX_MS)) {
      await sleep(delay);
      const entry = await this.store.read(slot, generation).catch(() => undefined);
      if (entry && this.isFresh(entry, context.ttlMs)) return entry;
      if (!(await this.store.isLocked(slot, generation).catch(() => false))) return undefined;
    }
    return undefined;
  }

  /** False only when a shown product, or one the listing may list, was written during the load (nothing stored). */
  private async save(
    context: CacheContext,
    slot: CacheSlot,
    generation: Generation,
    entry: CachedResponse,
    shown: ShownProducts,
  ): Promise<boolean> {
    const keepMs = this.keepMs(context);
    const key = this.keyOf(slot);
    try {
      if (!(await this.store.write(slot, generation, entry, keepMs, shown))) return false;
      this.logger.log(
        {
          event: 'cache.store',
          key,
          generation,
          ttlMs: context.ttlMs,
          keepMs,
          bytes: entry.body.length,
          req: context.req,
        },
        'stored in redis',
      );
    } catch (error) {
      this.logger.warn(
        { event: 'cache.store_failed', key, err: String(error), req: context.req },
        'could not store in redis',
      );
    }
    return true;
  }

  /** How long an entry stays in Redis: its TTL, then served stale while revalidating or on errors. */
  private keepMs(context: CacheContext): number {
    const { staleWhileRevalidateMs, staleIfErrorMs } = this.config.cache;
    return context.ttlMs + Math.max(staleWhileRevalidateMs, staleIfErrorMs);
  }

  private keyOf(slot: CacheSlot): string {
    return cacheKey(this.config.cache.keyPrefix, slot.namespace, slot.hash);
  }

  private build(context: CacheContext, body: Buffer): CachedResponse {
    return cachedResponse(body, context.ttlMs, JSON_TYPE);
  }

  private isFresh(entry: CachedResponse, ttlMs: number): boolean {
    return Date.now() - entry.storedAtMs <= ttlMs;
  }
}
