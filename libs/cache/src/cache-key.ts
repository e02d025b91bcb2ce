import { createHash } from 'node:crypto';
import type { Listing, ShownResponse } from './response-cache.store';

export interface KeyMaterial {
  /** The route's identity (e.g. `search`); two routes never share a key. */
  readonly route: string;
  /** Path parameters (e.g. a product id). */
  readonly params?: Readonly<Record<string, string>>;
  /** The validated, fully-defaulted query DTO. */
  readonly query?: object;
  /** Query fields whose case never changes the response (the analyzers lowercase them). */
  readonly caseInsensitive?: readonly string[];
}

/**
 * The one cache key builder. The hash covers the canonical request: object keys sorted,
 * undefined dropped, case folded where it does not matter, so parameter order, `q` case,
 * spacing (collapsed by the DTO) and explicit defaults all give the same key.
 */
export function requestHash(material: KeyMaterial): string {
  const query = foldCase(material.query ?? {}, material.caseInsensitive ?? []);
  const canonical = stableStringify({ r: material.route, p: material.params ?? {}, q: query });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 32);
}

/**
 * Where one request's response is stored. The key carries no generation: the stored value names
 * the generations it was filled for (entry-frame.ts), so each request has one key however often
 * its generations move, and the copy from before a move is still there to stand in (STALE) while
 * its refresh runs.
 */
export function cacheKey(prefix: string, namespace: string, hash: string): string {
  return `${prefix}:${namespace}:${hash}`;
}

/** A namespace's generation (all its responses), or the generation of one filter field in it. */
export function generationKey(prefix: string, namespace: string, field?: string): string {
  return field === undefined
    ? `${prefix}:${namespace}:generation`
    : `${prefix}:${namespace}:generation:${field}`;
}

/** The generation keys a slot depends on: its namespace's, then one per filter field (CacheSlot order). */
export function generationKeysOf(
  prefix: string,
  slot: { readonly namespace: string; readonly filters: readonly string[] },
): string[] {
  return [
    generationKey(prefix, slot.namespace),
    ...slot.filters.map((field) => generationKey(prefix, slot.namespace, field)),
  ];
}

/**
 * The listings of a namespace that filter or sort on a field (sorted by end of life). Outside
 * `<prefix>:<namespace>:*`, so a purge's SCAN never drops the record of a fill in progress.
 */
export function listingsKey(prefix: string, namespace: string, field: string): string {
  return `${prefix}:listings:${namespace}:${field}`;
}

/**
 * A listing as its field's sorted set holds it: `<hash> <text>`, or `<hash>:<n> <request><text>`
 * with the request's length n (a hash has no space and no colon).
 */
export function listingMember(listing: Listing): string {
  if (listing.request === undefined) return `${listing.hash} ${listing.text}`;
  return `${listing.hash}:${listing.request.length} ${listing.request}${listing.text}`;
}

export function parseListingMember(member: string): Listing {
  const space = member.indexOf(' ');
  const [hash, length] = member.slice(0, space).split(':');
  const rest = member.slice(space + 1);
  if (length === undefined) return { hash, text: rest };
  const n = Number(length);
  return { hash, request: rest.slice(0, n), text: rest.slice(n) };
}

/** Held by the instance that will move this generation at the end of the current window. */
export function windowKey(generation: string): string {
  return `${generation}:window`;
}

/**
 * The keys of the responses that show a product. `{id}` is a Redis Cluster hash tag: the set and
 * the product's write marker share a slot, so one script can touch both.
 */
export function showsKey(prefix: string, productId: string): string {
  return `${prefix}:shows:{${productId}}`;
}

/**
 * A member of a product's shows set: `<route> <entry key>`, the route that filled the entry first
 * (a route has no space); a bare key is a tag that did not say.
 */
export function shownMember(key: string, route?: string): string {
  return route === undefined ? key : `${route} ${key}`;
}

/** The entry a shows-set member names (its namespace and hash are the key's last two segments). */
export function parseShownMember(member: string): ShownResponse {
  const space = member.indexOf(' ');
  const key = member.slice(space + 1);
  const last = key.lastIndexOf(':');
  const hash = key.slice(last + 1);
  const namespace = key.slice(key.lastIndexOf(':', last - 1) + 1, last);
  return space < 0 ? { key, namespace, hash } : { key, namespace, hash, route: member.slice(0, space) };
}

/** The write sequence number of the product's latest write (see writeSequenceKey). */
export function writtenKey(prefix: string, productId: string): string {
  return `${prefix}:written:{${productId}}`;
}

/** A counter every product write takes a number from; a fill reads it before it loads. */
export function writeSequenceKey(prefix: string): string {
  return `${prefix}:writes`;
}

function foldCase(query: object, fields: readonly string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...query };
  for (const field of fields) {
    const value = copy[field];
    if (typeof value === 'string') copy[field] = value.toLowerCase();
  }
  return copy;
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The pub/sub channel of the instances sharing the prefix (InvalidationChannel; a channel, not a key). */
export function invalidationChannel(prefix: string): string {
  return `${prefix}:invalidations`;
}
