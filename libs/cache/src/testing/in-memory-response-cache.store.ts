import { randomUUID } from 'node:crypto';
import type { ListingRegistry } from '../cache-aside.options';
import {
  cacheKey,
  generationKey,
  generationKeysOf,
  listingMember,
  listingsKey,
  parseListingMember,
  parseShownMember,
  shownMember,
} from '../cache-key';
import type { CachedResponse } from '../cached-response';
import { type GenerationState, INITIAL_GENERATION, lookupOf, type StoredCopy } from '../generation';
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
  type StoredResponse,
  registriesOf,
} from '../response-cache.store';

interface Stored<T> {
  readonly value: T;
  readonly expiresAtMs: number;
}

/** An entry and what readStored/replaceStored need: its load span and a version per store. */
interface Copy extends StoredCopy {
  readonly span: LoadSpan;
  readonly version: string;
}

/**
 * ResponseCacheStore in memory, for unit tests: the same semantics as the Redis adapter (keys
 * expire after their PX on the injected clock, NX locks with a token and an expiry, generations
 * per namespace and filter field — counters here, moved at the injected clock's time, soft or hard —
 * with copies from right before a soft move offered as `previous` for `graceMs`, entries tagged
 * with the products they show, a write sequence, listings by filter field and the marks their
 * retirement leaves, copies read and replaced by version), and `available = false` makes every call fail as
 * an unreachable Redis would.
 */
export class InMemoryResponseCacheStore extends ResponseCacheStore {
  available = true;
  private readonly entries = new Map<string, Stored<Copy>>();
  private versions = 0;
  private readonly locks = new Map<string, Stored<string>>();
  private readonly generations = new Map<string, GenerationState>();
  private readonly shows = new Map<string, Set<string>>();
  private readonly written = new Map<string, number>();
  private readonly windows = new Map<string, Stored<true>>();
  /** Per listings key: member `<hash> <text>` → end of life. */
  private readonly listings = new Map<string, Map<string, number>>();
  /** Entry keys retired by a listing write, or patched: the write's number (`T<n>`, `W<n>`). */
  private readonly retiredFor = new Map<string, Stored<number>>();
  private sequence = 0;

  constructor(
    private readonly prefix = 'test',
    private readonly now: () => number = Date.now,
    private readonly graceMs = 0,
  ) {
    super();
  }

  lookup(slot: CacheSlot): Promise<CacheLookup> {
    return this.guard(() => {
      const filled = this.live(this.entries, this.key(slot));
      return lookupOf(this.statesOf(slot), filled, this.now(), this.graceMs);
    });
  }

  read(slot: CacheSlot, generation: Generation): Promise<CachedResponse | undefined> {
    return this.guard(() => this.entryOf(slot, generation));
  }

  writeSequence(): Promise<number> {
    return this.guard(() => this.sequence);
  }

  takeWriteNumber(): Promise<number> {
    return this.guard(() => ++this.sequence);
  }

  write(
    slot: CacheSlot,
    generation: Generation,
    entry: CachedResponse,
    keepMs: number,
    shown?: ShownProducts,
  ): Promise<boolean> {
    return this.guard(() => {
      const key = this.key(slot);
      const ids = shown?.ids ?? [];
      const retiredBy = this.live(this.retiredFor, key);
      if (shown && retiredBy !== undefined && retiredBy > shown.since) return false;
      if (ids.some((id) => (this.written.get(id) ?? 0) > (shown?.since ?? 0))) {
        this.entries.delete(key);
        return false;
      }
      const member = shownMember(key, shown?.route);
      for (const id of ids) this.shows.set(id, (this.shows.get(id) ?? new Set()).add(member));
      const span = { from: shown?.since ?? Number.NaN, to: shown?.until ?? Number.NaN };
      const value = { entry, label: generation, span, version: String(++this.versions) };
      this.entries.set(key, { value, expiresAtMs: this.now() + keepMs });
      this.retiredFor.delete(key);
      return true;
    });
  }

  acquireLock(slot: CacheSlot, generation: Generation, ttlMs: number): Promise<string | undefined> {
    return this.guard(() => {
      const key = this.lockKey(slot, generation);
      if (this.live(this.locks, key) !== undefined) return undefined;
      const token = randomUUID();
      this.locks.set(key, { value: token, expiresAtMs: this.now() + ttlMs });
      return token;
    });
  }

  releaseLock(slot: CacheSlot, generation: Generation, token: string): Promise<void> {
    return this.guard(() => {
      const key = this.lockKey(slot, generation);
      if (this.live(this.locks, key) === token) this.locks.delete(key);
    });
  }

  isLocked(slot: CacheSlot, generation: Generation): Promise<boolean> {
    return this.guard(() => this.live(this.locks, this.lockKey(slot, generation)) !== undefined);
  }

  async retireShowing(productIds: readonly string[], keep?: KeepShown): Promise<Retired> {
    const { write, members } = await this.guard(() => {
      this.sequence += 1;
      for (const id of productIds) this.written.set(id, this.sequence);
      const seen = new Set(productIds.flatMap((id) => [...(this.shows.get(id) ?? [])]));
      return { write: this.sequence, members: seen };
    });
    const seen = [...members];
    const shown = seen.map(parseShownMember);
    const kept = keep ? await keep(shown, write) : new Set<string>();
    // As in Redis: what was seen and not kept leaves the tags, then the entries.
    const gone = seen.filter((_, i) => !kept.has(shown[i].key));
    for (const id of productIds) for (const member of gone) this.shows.get(id)?.delete(member);
    const retired = [...new Set(shown.map((s) => s.key))].filter((key) => !kept.has(key));
    for (const key of retired) this.entries.delete(key);
    return { write, keys: retired };
  }

  registerListing(slot: CacheSlot, keepMs: number): Promise<void> {
    return this.guard(() => {
      if (slot.text === undefined) return;
      for (const registry of registriesOf(slot)) {
        const key = listingsKey(this.prefix, slot.namespace, registry);
        const members = this.listings.get(key) ?? new Map<string, number>();
        members.set(
          listingMember({ hash: slot.hash, text: slot.text, request: slot.request }),
          this.now() + keepMs,
        );
        this.listings.set(key, members);
      }
    });
  }

  listingsOn(namespace: string, registry: ListingRegistry, limit: number): Promise<readonly Listing[]> {
    return this.guard(() => {
      const members =
        this.listings.get(listingsKey(this.prefix, namespace, registry)) ?? new Map<string, number>();
      return [...members]
        .filter(([, endMs]) => endMs > this.now())
        .slice(0, limit)
        .map(([member]) => parseListingMember(member));
    });
  }

  retireListings(namespace: string, hashes: readonly string[], write: number): Promise<readonly string[]> {
    return this.guard(() => {
      const keys = [...new Set(hashes)].map((hash) => cacheKey(this.prefix, namespace, hash));
      for (const key of keys) {
        // With a grace, a stored copy stands in (STALE) for it while one refresh runs; else it is gone.
        const filled = this.live(this.entries, key);
        if (filled && this.graceMs > 0) {
          const expiresAtMs = Math.min(this.entries.get(key)?.expiresAtMs ?? 0, this.now() + this.graceMs);
          this.entries.set(key, { value: { ...filled, superseded: true }, expiresAtMs });
        } else {
          this.entries.delete(key);
        }
        const mark = Math.max(write, this.live(this.retiredFor, key) ?? 0);
        this.retiredFor.set(key, { value: mark, expiresAtMs: this.now() + 60_000 });
      }
      return keys;
    });
  }

  override readStored(namespace: string, hash: string): Promise<StoredResponse | undefined> {
    return this.guard(() => {
      const copy = this.live(this.entries, cacheKey(this.prefix, namespace, hash));
      if (!copy || copy.superseded) return undefined;
      return { entry: copy.entry, span: copy.span, generation: copy.label, version: copy.version };
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
    return this.guard(() => {
      const key = cacheKey(this.prefix, namespace, hash);
      const copy = this.live(this.entries, key);
      const held = this.entries.get(key);
      if (!copy || !held || copy.version !== stored.version) return false;
      const value = { entry, label: copy.label, span, version: String(++this.versions) };
      this.entries.set(key, { value, expiresAtMs: held.expiresAtMs });
      // Numbered like a retirement: a fill that read an earlier number stores nothing over it.
      const mark = Math.max(write, this.live(this.retiredFor, key) ?? 0);
      this.retiredFor.set(key, { value: mark, expiresAtMs: held.expiresAtMs });
      return true;
    });
  }

  claimWindows(refs: readonly GenerationRef[], ttlMs: number): Promise<WindowClaim[]> {
    return this.guard(() =>
      refs.map((ref) => {
        const key = generationKey(this.prefix, ref.namespace, ref.field);
        const open = this.windows.get(key);
        if (open && open.expiresAtMs > this.now()) return { ref, openForMs: open.expiresAtMs - this.now() };
        this.windows.set(key, { value: true, expiresAtMs: this.now() + ttlMs });
        return { ref };
      }),
    );
  }

  bumpGenerations(refs: readonly GenerationRef[], soft = false): Promise<void> {
    return this.guard(() => {
      for (const ref of refs) {
        this.bump(generationKey(this.prefix, ref.namespace, ref.field), soft);
      }
    });
  }

  purge(namespaces: readonly string[]): Promise<number> {
    return this.guard(() => {
      for (const ns of namespaces) this.bump(generationKey(this.prefix, ns), false);
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

  private bump(key: string, soft: boolean): void {
    const { value } = this.generations.get(key) ?? INITIAL_GENERATION;
    this.generations.set(key, { value: value + 1, previous: value, movedAtMs: this.now(), soft });
  }

  private statesOf(slot: CacheSlot): GenerationState[] {
    return generationKeysOf(this.prefix, slot).map((key) => this.generations.get(key) ?? INITIAL_GENERATION);
  }

  private entryOf(slot: CacheSlot, generation: Generation): CachedResponse | undefined {
    const filled = this.live(this.entries, this.key(slot));
    if (!filled || filled.superseded || filled.label.length !== generation.length) return undefined;
    return filled.label.every((g, i) => g >= generation[i]) ? filled.entry : undefined;
  }

  private key(slot: CacheSlot): string {
    return cacheKey(this.prefix, slot.namespace, slot.hash);
  }

  private lockKey(slot: CacheSlot, generation: Generation): string {
    return `${this.key(slot)}:lock:${generation.join('.')}`;
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
