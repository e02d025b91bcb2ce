import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RESP_TYPES } from '@redis/client';
import { AppConfig } from '@app/config';
import { CircuitBreaker, RedisConnection, settleWithin } from '@app/redis';
import {
  cacheKey,
  generationKey,
  generationKeysOf,
  invalidationChannel,
  listingMember,
  listingsKey,
  parseListingMember,
  parseShownMember,
  showsKey,
  shownMember,
  windowKey,
  writeSequenceKey,
  writtenKey,
} from '../cache-key';
import type { CachedResponse } from '../cached-response';
import {
  type CacheLookup,
  type CacheSlot,
  CacheUnavailableError,
  type Generation,
  type GenerationRef,
  type KeepShown,
  type Listing,
  type LoadSpan,
  type Retired,
  type WindowClaim,
  ResponseCacheStore,
  type ShownProducts,
  type ShownResponse,
  type StoredResponse,
  registriesOf,
} from '../response-cache.store';
import type { ListingRegistry } from '../cache-aside.options';
import { type GenerationState, lookupOf, parseGeneration, stalenessSplit } from '../generation';
import { GenerationView } from '../generation-view';
import { frameEntry, framePatched, newFillId, unframeEntry, versionOf } from './entry-frame';
import { keysPush } from './invalidation-channel';
import {
  CONFIRM_FILL,
  DELETE_ENTRY,
  MOVE_GENERATION,
  REGISTER_LISTING,
  RELEASE_LOCK,
  REPLACE_STORED,
  RETIRE_LISTING,
  RETIRE_SHOWN,
  STORE_ENTRY,
  TAG_SHOWN,
} from './lua-scripts';

/** Products retired per round trip: a bulk write of thousands stays within the command timeout. */
const RETIRE_CHUNK = 500;

/** A slot's entry key and the generation keys it depends on (CacheSlot order). */
export interface SlotKeys {
  readonly entry: string;
  readonly generations: readonly string[];
}

/**
 * ResponseCacheStore on Redis: binary-safe replies, per-command timeouts, a circuit breaker.
 * An entry lives at `<prefix>:<namespace>:<hash>` and starts with the generations it was filled
 * for (entry-frame.ts); the current generations come from this instance's GenerationView (own
 * moves at once, others' by push, re-read at least every CACHE_L1_MAX_AGE_MS), so a lookup is one
 * GET of the entry key. An entry of an older generation reads as absent (or as `previous` within
 * the grace after a soft move); the next fill overwrites it, so one key per request, however many
 * moves. Every command touches one key, or one product's two keys that share a hash slot: the
 * layout works on Redis Cluster.
 */
@Injectable()
export class RedisResponseCacheStore extends ResponseCacheStore {
  private readonly breaker: CircuitBreaker;
  /** Generation keys whose move failed while Redis was away ('h' hard, 's' soft); nothing is served until they land. */
  private readonly pendingBumps = new Map<string, 's' | 'h'>();
  private readonly prefix: string;
  /** Where the scripts that retire publish (InvalidationChannel). */
  private readonly channel: string;
  private readonly slotKeys = new WeakMap<CacheSlot, SlotKeys>();
  private readonly timeoutMs: number;
  /** Outlives any fill that may still store (CacheFiller stores nothing that loaded for longer). */
  private readonly markerTtlMs: number;
  private readonly binary;
  private readonly graceMs: number;

  constructor(
    private readonly redis: RedisConnection,
    config: AppConfig,
    private readonly view: GenerationView,
  ) {
    super();
    this.breaker = redis.circuitBreaker();
    this.graceMs = stalenessSplit(config.cache.searchMaxStalenessMs).graceMs;
    this.prefix = config.cache.keyPrefix;
    this.channel = invalidationChannel(this.prefix);
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
    const { entry: key, generations: names } = this.keysOf(slot);
    const known = this.view.trusted(names);
    if (known)
      return this.guard(
        () => this.binary.get(key),
        (raw) => this.found(known, raw),
      );
    // Not known (or not confirmed lately): read them with the entry, each its own single-key GET,
    // sent together (one round trip).
    const sentAtMs = Date.now();
    return this.guard(
      () => Promise.all([this.binary.get(key), ...names.map((name) => this.redis.client.get(name))]),
      ([raw, ...values]) => {
        const read = values.map((value) => parseGeneration(value));
        names.forEach((name, i) => this.view.confirm(name, read[i], sentAtMs));
        return this.found(this.view.trusted(names) ?? read, raw);
      },
    );
  }

  private found(current: readonly GenerationState[], raw: Buffer | null): CacheLookup {
    // A superseded copy (RETIRE_LISTING) is only `previous`: Redis ends its life with the grace.
    return lookupOf(current, unframeEntry(raw), Date.now(), this.graceMs);
  }

  read(slot: CacheSlot, generation: Generation): Promise<CachedResponse | undefined> {
    return this.guard(async () => {
      const framed = unframeEntry(await this.binary.get(this.key(slot)));
      if (!framed || framed.superseded || framed.label.length !== generation.length) return undefined;
      return framed.label.every((g, i) => g >= generation[i]) ? framed.entry : undefined;
    });
  }

  writeSequence(): Promise<number> {
    return this.guard(async () => Number((await this.redis.client.get(writeSequenceKey(this.prefix))) ?? 0));
  }

  takeWriteNumber(): Promise<number> {
    return this.guard(() => this.redis.client.incr(writeSequenceKey(this.prefix)));
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
    if (!shown) {
      return this.guard(async () => {
        await this.binary.set(key, frameEntry(entry, generation, fillId, true), { PX: keepMs });
        return true;
      });
    }
    const since = String(shown.since);
    const span = { from: shown.since, to: shown.until ?? Number.NaN };
    if (shown.ids.length === 0) {
      const framed = frameEntry(entry, generation, fillId, true, span);
      return this.guard(
        async () => (await this.redis.evalScript(STORE_ENTRY, [key], [since, String(keepMs), framed])) === 1,
      );
    }
    // Pending first, tags next, confirm last: a write that ran before the tags landed shows in
    // its marker; one after them finds the key in the shows set and deletes it.
    return this.guard(async () => {
      const pending = frameEntry(entry, generation, fillId, false, span);
      if ((await this.redis.evalScript(STORE_ENTRY, [key], [since, String(keepMs), pending])) !== 1) {
        return false;
      }
      const member = shownMember(key, shown.route);
      const written = await Promise.all(
        [...new Set(shown.ids)].map((id) =>
          this.redis.evalScript(
            TAG_SHOWN,
            [showsKey(this.prefix, id), writtenKey(this.prefix, id)],
            [member, String(keepMs)],
          ),
        ),
      );
      if (written.some((seq) => Number(seq) > shown.since)) {
        await this.redis.client.del(key);
        return false;
      }
      return (await this.redis.evalScript(CONFIRM_FILL, [key], [fillId])) === 1;
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
      await this.redis.evalScript(RELEASE_LOCK, [this.lockKey(slot, generation)], [token]);
    });
  }

  isLocked(slot: CacheSlot, generation: Generation): Promise<boolean> {
    return this.guard(async () => (await this.redis.client.exists(this.lockKey(slot, generation))) === 1);
  }

  async retireShowing(productIds: readonly string[], keep?: KeepShown): Promise<Retired> {
    await this.redis.waitUntilReady(this.timeoutMs);
    const seq = await this.takeWriteNumber();
    const ids = [...new Set(productIds)];
    const retired: string[] = [];
    for (let start = 0; start < ids.length; start += RETIRE_CHUNK) {
      const chunk = ids.slice(start, start + RETIRE_CHUNK);
      const members = await this.guard(() =>
        Promise.all(
          chunk.map(
            (id) =>
              this.redis.evalScript(
                RETIRE_SHOWN,
                [showsKey(this.prefix, id), writtenKey(this.prefix, id)],
                [String(seq), String(this.markerTtlMs), keep ? '1' : '0'],
              ) as Promise<string[]>,
          ),
        ),
      );
      const shown = members.map((some) => some.map(parseShownMember));
      const kept = keep ? await keep(shown.flat(), seq) : new Set<string>();
      const doomed = [...new Set(shown.flat().map((s) => s.key))].filter((key) => !kept.has(key));
      // Untagged before deleted: a fill that tags after this stays tagged, one that tagged before is deleted.
      if (keep) await this.untag(chunk, members, shown, kept);
      // One script per key: the responses live in different hash slots.
      if (doomed.length > 0) {
        await this.guard(() =>
          Promise.all(
            doomed.map((k) => this.redis.evalScript(DELETE_ENTRY, [k], [this.channel, keysPush([k])])),
          ),
        );
      }
      retired.push(...doomed);
    }
    return { write: seq, keys: retired };
  }

  /** Takes out of the products' shows sets the members (`shown`, parsed) whose entries were deleted. */
  private async untag(
    ids: readonly string[],
    members: readonly string[][],
    shown: readonly ShownResponse[][],
    kept: ReadonlySet<string>,
  ): Promise<void> {
    await this.guard(() =>
      Promise.all(
        ids.map((id, i) => {
          const gone = members[i].filter((_, j) => !kept.has(shown[i][j].key));
          return gone.length > 0
            ? this.redis.client.sRem(showsKey(this.prefix, id), gone)
            : Promise.resolve(0);
        }),
      ),
    );
  }

  registerListing(slot: CacheSlot, keepMs: number): Promise<void> {
    const registries = registriesOf(slot);
    if (slot.text === undefined || registries.length === 0) return Promise.resolve();
    const now = Date.now();
    const member = listingMember({ hash: slot.hash, text: slot.text, request: slot.request });
    return this.guard(async () => {
      await Promise.all(
        registries.map((registry) =>
          this.redis.evalScript(
            REGISTER_LISTING,
            [listingsKey(this.prefix, slot.namespace, registry)],
            [String(now), String(now + keepMs), member],
          ),
        ),
      );
    });
  }

  listingsOn(namespace: string, registry: ListingRegistry, limit: number): Promise<readonly Listing[]> {
    const key = listingsKey(this.prefix, namespace, registry);
    return this.guard(async () => {
      const members = await this.redis.client.zRangeByScore(key, Date.now(), '+inf', {
        LIMIT: { offset: 0, count: limit },
      });
      return members.map(parseListingMember);
    });
  }

  retireListings(namespace: string, hashes: readonly string[], write: number): Promise<readonly string[]> {
    const keys = [...new Set(hashes)].map((hash) => cacheKey(this.prefix, namespace, hash));
    // One script per key: the responses live in different hash slots.
    return this.guard(async () => {
      await Promise.all(
        keys.map((key) =>
          this.redis.evalScript(
            RETIRE_LISTING,
            [key],
            [String(write), String(this.markerTtlMs), String(this.graceMs), this.channel, keysPush([key])],
          ),
        ),
      );
      return keys;
    });
  }

  override readStored(namespace: string, hash: string): Promise<StoredResponse | undefined> {
    return this.guard(async () => {
      const raw = await this.binary.get(cacheKey(this.prefix, namespace, hash));
      const framed = unframeEntry(raw);
      if (!raw || !framed || framed.superseded) return undefined;
      return { entry: framed.entry, span: framed.span, version: versionOf(raw), generation: framed.label };
    });
  }

  override replaceStored(
    namespace: string,
    hash: string,
    stored: StoredResponse,
    entry: CachedResponse,
    write: number,
    span: LoadSpan,
  ): Promise<boolean> {
    const framed = framePatched(entry, stored.generation, write, span);
    const key = cacheKey(this.prefix, namespace, hash);
    return this.guard(
      async () =>
        (await this.redis.evalScript(
          REPLACE_STORED,
          [key],
          [stored.version, framed, this.channel, keysPush([key])],
        )) === 1,
    );
  }

  /** Moves these generations (each pushed by its script). */
  async bumpGenerations(refs: readonly GenerationRef[], soft = false): Promise<void> {
    for (const ref of refs) {
      const key = generationKey(this.prefix, ref.namespace, ref.field);
      // A hard move waiting to be sent stays hard.
      if (this.pendingBumps.get(key) !== 'h') this.pendingBumps.set(key, soft ? 's' : 'h');
    }
    // A write right after start (e.g. the CLI) must not lose its move to a connect in progress.
    await this.redis.waitUntilReady(this.timeoutMs);
    return this.flushBumps();
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
    const pending = [...this.pendingBumps];
    const sentAtMs = Date.now();
    const states = await this.guard(() =>
      Promise.all(
        pending.map(([key, kind]) => this.redis.evalScript(MOVE_GENERATION, [key], [kind, this.channel])),
      ),
    );
    pending.forEach(([key, kind], i) => {
      // Only what was sent: a move of the same key queued meanwhile stays pending.
      if (this.pendingBumps.get(key) === kind) this.pendingBumps.delete(key);
      this.view.confirm(key, parseGeneration(String(states[i])), sentAtMs);
    });
  }

  /** Hard move of the namespaces, then deletes their keys; returns the count. */
  async purge(namespaces: readonly string[]): Promise<number> {
    await this.redis.waitUntilReady(Math.max(this.timeoutMs, 3_000));
    await this.bumpGenerations(
      namespaces.map((namespace) => ({ namespace })),
      false,
    );
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

  /** Joined once per slot: the canonicalizer hands out one slot object per URL, for every hit of it. */
  keysOf(slot: CacheSlot): SlotKeys {
    let keys = this.slotKeys.get(slot);
    if (!keys) {
      keys = {
        entry: cacheKey(this.prefix, slot.namespace, slot.hash),
        generations: generationKeysOf(this.prefix, slot),
      };
      this.slotKeys.set(slot, keys);
    }
    return keys;
  }

  private key(slot: CacheSlot): string {
    return this.keysOf(slot).entry;
  }

  /** Per generation: a fill for the new generation never waits on one started before a write. */
  private lockKey(slot: CacheSlot, generation: Generation): string {
    return `${this.key(slot)}:lock:${generation.join('.')}`;
  }

  /**
   * Fails fast (no queueing, no waiting) while Redis is away; the breaker limits timeouts to one.
   * Promise chains rather than async functions, and `map` turns the reply into the answer inside
   * guard's one promise: this is on every hit that reads Redis (see settleWithin).
   */
  private guard<T, R = T>(operation: () => Promise<T>, map?: (value: T) => R): Promise<R> {
    if (!this.redis.isReady || !this.breaker.allow()) {
      return Promise.reject(new CacheUnavailableError('redis unavailable'));
    }
    let pending: Promise<T>;
    try {
      pending = operation();
    } catch (error) {
      pending = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return settleWithin(
      pending,
      this.timeoutMs,
      (result) => {
        const value = map ? map(result) : (result as unknown as R);
        this.breaker.succeeded();
        return value;
      },
      (error) => {
        this.breaker.failed();
        throw new CacheUnavailableError(error.message);
      },
    );
  }
}
