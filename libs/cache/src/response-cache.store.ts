import { type FilterField, type ListingRegistry, TEXT_LISTINGS } from './cache-aside.options';
import type { CachedResponse } from './cached-response';

/**
 * Which stored response: a namespace (its generation retires all of it), a request hash, and the
 * filter fields whose own generations retire it too.
 */
export interface CacheSlot {
  readonly namespace: string;
  readonly hash: string;
  /** In FILTER_FIELDS order. */
  readonly filters: readonly FilterField[];
  /**
   * For a listing: the request's text, which decides which products it can list at all. A change
   * of a filter field, or of the text, of a product this text does not list leaves the slot alone.
   */
  readonly text?: string;
  /** With `text`: the validated request as JSON, which lets a write patch the stored response. */
  readonly request?: string;
}

/** Where a listing is registered before it loads: its filter fields, and by text if it has one. */
export function registriesOf(slot: CacheSlot): ListingRegistry[] {
  if (slot.text === undefined) return [];
  return slot.text === '' ? [...slot.filters] : [...slot.filters, TEXT_LISTINGS];
}

/** A stored (or being filled) listing as a registry holds it (registriesOf): its hash, text and request. */
export interface Listing {
  readonly hash: string;
  readonly text: string;
  readonly request?: string;
}

/**
 * The write sequence read before a stored response's load began and after it ended (NaN where
 * unknown). A write that took a number above `to` before it was sent came after all the response
 * shows; a write numbered at most `from` once it was visible came before all of it.
 */
export interface LoadSpan {
  readonly from: number;
  readonly to: number;
}

/** A ready entry as read, to be replaced by a patched one if nothing changed it meanwhile. */
export interface StoredResponse {
  readonly entry: CachedResponse;
  readonly span: LoadSpan;
  /** The generations it was filled for (its patched copy keeps them). */
  readonly generation: Generation;
  /** Which version of the key this is (compared when replacing). */
  readonly version: string;
}

/** What a write retired of the responses showing its products, and the write's number. */
export interface Retired {
  /** From the write sequence: a fill that read a lower number before loading may predate this write. */
  readonly write: number;
  readonly keys: readonly string[];
}

/** The generations a slot's entry must have been filled for: the namespace's, then one per filter. */
export type Generation = readonly number[];

/** A stored response a write found showing its product, as tagged by the fill. */
export interface ShownResponse {
  readonly key: string;
  readonly namespace: string;
  readonly hash: string;
  /** ShownProducts.route; undefined for a tag that did not say. */
  readonly route?: string;
}

/**
 * Called by `retireShowing` with the responses showing the written products and the write's
 * number, before any is retired: the keys it brought up to date (or found unaffected), which stay
 * stored and tagged. It must not throw (what it does not name is retired).
 */
export type KeepShown = (shown: readonly ShownResponse[], write: number) => Promise<ReadonlySet<string>>;

/** A namespace's generation, or one of its filter fields' (see CacheSlot). */
export interface GenerationRef {
  readonly namespace: string;
  readonly field?: FilterField;
}

export interface CacheLookup {
  /** The current generations as this instance knows them; a fill stores its entry for these. */
  readonly generation: Generation;
  readonly entry?: CachedResponse;
  /**
   * No entry for the current generations, but one filled right before a soft move of them (a
   * listing whose matches may have changed) within the grace after that move: it may be served
   * STALE while one refresh runs (generation.ts).
   */
  readonly previous?: CachedResponse;
  /** Answered from the in-process tier, without Redis. */
  readonly local?: boolean;
  /** The in-process copy's body decoded, kept with it after the first call (`entry` only). */
  readonly decoded?: () => Buffer;
}

/** The products a stored response shows, and the write sequence read before and after its load. */
export interface ShownProducts {
  readonly ids: readonly string[];
  /** The `@CacheAside()` route that filled it: a write asks that route how to bring it up to date. */
  readonly route?: string;
  readonly since: number;
  /** Read after the load ended; undefined when it could not be. */
  readonly until?: number;
}

export interface WindowClaim {
  readonly ref: GenerationRef;
  readonly openForMs?: number;
}

/** The store could not be asked (down, timed out, circuit open): the caller bypasses the cache. */
export class CacheUnavailableError extends Error {
  override readonly name = 'CacheUnavailableError';
}

/**
 * Port for the shared response cache. Every method either answers within the configured Redis
 * timeout or throws CacheUnavailableError; none of them queue while the store is away.
 */
export abstract class ResponseCacheStore {
  /**
   * Current generations and the slot's entry if it is fresh for them (or `previous`), in one round
   * trip. `freshForMs`: the route's TTL as the caller counts it; an in-process copy filled longer ago
   * is not used (the TTL the entry was stored with otherwise).
   */
  abstract lookup(slot: CacheSlot, freshForMs?: number): Promise<CacheLookup>;
  /**
   * The lookup when this instance can answer it without a round trip (an in-process copy), else
   * undefined: ask `lookup`. Lets a hit be answered in the tick its request arrived in.
   */
  lookupInProcess(_slot: CacheSlot, _freshForMs?: number): CacheLookup | undefined {
    return undefined;
  }
  /** The entry if filled for these generations or later ones (used by waiters polling for another's fill). */
  abstract read(slot: CacheSlot, generation: Generation): Promise<CachedResponse | undefined>;
  /** The current write sequence; a fill reads it before and after loading and hands both to `write`. */
  abstract writeSequence(): Promise<number>;
  /**
   * Takes the next number of the write sequence: a write about to be sent takes one (ordering it
   * after every load that ended), and `retireShowing` another once it is visible.
   */
  abstract takeWriteNumber(): Promise<number>;
  /**
   * Stores an entry tagged with the products it shows. Returns false, storing nothing readable,
   * when one of them was written after `shown.since`, or the slot was retired by `retireListings`
   * for such a write (the load may predate that write): the caller loads again. Either the write's
   * `retireShowing` sees the entry, or this sees the write.
   */
  abstract write(
    slot: CacheSlot,
    generation: Generation,
    entry: CachedResponse,
    keepMs: number,
    shown?: ShownProducts,
  ): Promise<boolean>;
  /** A fill lock (SET NX PX); returns a token to release with, or undefined if someone holds it. */
  abstract acquireLock(slot: CacheSlot, generation: Generation, ttlMs: number): Promise<string | undefined>;
  abstract releaseLock(slot: CacheSlot, generation: Generation, token: string): Promise<void>;
  abstract isLocked(slot: CacheSlot, generation: Generation): Promise<boolean>;
  /**
   * Takes a write number, marks the products written (a fill that read a lower number stores
   * nothing), then deletes every stored response that shows one of them, but those `keep` names.
   * Returns the keys deleted.
   */
  abstract retireShowing(productIds: readonly string[], keep?: KeepShown): Promise<Retired>;
  /**
   * Records, before a listing loads, that it depends on its filter fields and its text until
   * `keepMs` from now (`registriesOf`): a write that reads `listingsOn` later finds it, stored or not.
   */
  abstract registerListing(slot: CacheSlot, keepMs: number): Promise<void>;
  /**
   * The namespace's listings that filter or sort on the field (or, `text`, that have a text),
   * stored or being filled; at most `limit`.
   */
  abstract listingsOn(
    namespace: string,
    registry: ListingRegistry,
    limit: number,
  ): Promise<readonly Listing[]>;
  /**
   * Retires these listings for write number `write` (taken by `retireShowing` before `listingsOn`
   * was read): a stored entry stands in as `previous` (STALE while one refresh runs) for the grace
   * of CACHE_SEARCH_MAX_STALENESS_MS, none in strict mode; a fill that read a lower number stores
   * nothing. Returns their keys.
   */
  abstract retireListings(
    namespace: string,
    hashes: readonly string[],
    write: number,
  ): Promise<readonly string[]>;
  /** A response's ready entry, if any; a store that cannot patch entries answers undefined (they are retired). */
  readStored(_namespace: string, _hash: string): Promise<StoredResponse | undefined> {
    return Promise.resolve(undefined);
  }
  /**
   * Replaces that version of the response by `entry` (a listing patched for a write, or a response
   * brought up to date with a product it shows; same generations and lifetime), for write
   * number `write`, with the span of what it now shows: a fill that read a lower number stores
   * nothing over it, and a later retirement supersedes it as any. False when the key changed since
   * it was read (then retire it).
   */
  replaceStored(
    _namespace: string,
    _hash: string,
    _stored: StoredResponse,
    _entry: CachedResponse,
    _write: number,
    _span: LoadSpan,
  ): Promise<boolean> {
    return Promise.resolve(false);
  }
  /**
   * Claims the staleness window of each generation for `ttlMs` (SET NX PX), fleet-wide. A claimed
   * one (`openForMs` undefined) is this caller's to move now; for the others, a window another
   * move opened is still running for `openForMs`.
   */
  abstract claimWindows(refs: readonly GenerationRef[], ttlMs: number): Promise<WindowClaim[]>;
  /**
   * O(1) invalidation: the next lookup of a slot depending on one of these misses. `soft`: a move
   * within the staleness bound, after which copies of the previous generation may stand in for the
   * grace (generation.ts); otherwise they are retired at once.
   */
  abstract bumpGenerations(refs: readonly GenerationRef[], soft?: boolean): Promise<void>;
  /** Operator purge: bump, then delete the namespace's keys (SCAN; not for request paths). */
  abstract purge(namespaces: readonly string[]): Promise<number>;
}
