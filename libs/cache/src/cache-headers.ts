import type { IncomingHttpHeaders } from 'node:http';
import type { AppConfig } from '@app/config';
import type { CacheState } from './cache-context';
import type { CachedResponse } from './cached-response';
import { acceptsEncoding, decodeBody, type StoredEncoding } from './content-encoding';

/**
 * `Cache-Control` for a route: shared caches may keep it for the TTL, and may serve it stale
 * while revalidating / on upstream errors for as long as we do ourselves.
 */
export function cacheControl(ttlMs: number, config: AppConfig): string {
  const { staleWhileRevalidateMs, staleIfErrorMs } = config.cache;
  let value = `public, max-age=${Math.floor(ttlMs / 1000)}`;
  if (staleWhileRevalidateMs > 0)
    value += `, stale-while-revalidate=${Math.floor(staleWhileRevalidateMs / 1000)}`;
  if (staleIfErrorMs > 0) value += `, stale-if-error=${Math.floor(staleIfErrorMs / 1000)}`;
  return value;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/` is ignored, `*` matches. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** The request headers a stored response's form depends on (Node's and Fastify's `headers`). */
export type ConditionalRequest = Pick<IncomingHttpHeaders, 'if-none-match' | 'accept-encoding'>;

/**
 * The tag of what is sent: the data's ETag for the plain body, suffixed by the coding for the
 * compressed one (a strong ETag names one representation's bytes, RFC 9110 §8.8.3).
 */
export function representationEtag(etag: string, coding: StoredEncoding): string {
  return coding === 'identity' ? etag : `${etag.slice(0, -1)}-${coding}"`;
}

/** Every header storedResponse may set: a response carrying them drops the app's own of those names. */
export const STORED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'etag',
  'vary',
  'x-cache',
  'date',
  'age',
  'cache-control',
  'content-type',
  'content-encoding',
]);

/**
 * How a stored response goes out — the one place for its headers, hit or miss:
 * - the stored (compressed) bytes to a client that accepts their coding, else decoded (`decoded`:
 *   the L1 keeps its copy's), with `Vary: Accept-Encoding` either way;
 * - `Date` is when the entry was filled and `Age` the whole seconds since, as a shared cache
 *   sends a stored response (RFC 9111 §4.2.3: both give the same age);
 * - `304` when the client holds this representation: validators and caching headers only, no
 *   content headers (RFC 9110 §15.4.5).
 */
export function storedResponse(
  entry: CachedResponse,
  state: CacheState,
  cacheControlValue: string,
  request: ConditionalRequest,
  nowMs = Date.now(),
  decoded: () => Buffer = () => decodeBody(entry.body, entry.encoding),
): { status: number; headers: Record<string, string>; body?: Buffer } {
  const coding = acceptsEncoding(request['accept-encoding'], entry.encoding) ? entry.encoding : 'identity';
  const headers: Record<string, string> = {
    etag: representationEtag(entry.etag, coding),
    vary: 'accept-encoding',
    'x-cache': state,
    date: httpDate(entry.storedAtMs),
    age: String(Math.max(0, Math.floor((nowMs - entry.storedAtMs) / 1000))),
    'cache-control': cacheControlValue,
  };
  if (etagMatches(request['if-none-match'], headers.etag)) return { status: 304, headers };
  headers['content-type'] = entry.contentType;
  if (coding !== 'identity') headers['content-encoding'] = coding;
  const body = coding === entry.encoding ? entry.body : decoded();
  return { status: entry.status, headers, body };
}

const dateCache = new Map<number, string>();
const DATE_CACHE_LIMIT = 4096;

/** An IMF-fixdate, memoized per fill time: formatting one costs more than the rest of a hit's headers. */
function httpDate(ms: number): string {
  let date = dateCache.get(ms);
  if (date === undefined) {
    date = new Date(ms).toUTCString();
    if (dateCache.size >= DATE_CACHE_LIMIT) dateCache.clear();
    dateCache.set(ms, date);
  }
  return date;
}
