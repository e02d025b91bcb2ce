import type { AppConfig } from '@app/config';
import type { CacheState } from './cache-context';
import type { CachedResponse } from './cached-response';

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

export function responseHeaders(
  entry: CachedResponse,
  state: CacheState,
  cacheControlValue: string,
  nowMs = Date.now(),
): Record<string, string> {
  return {
    'content-type': entry.contentType,
    etag: entry.etag,
    'x-cache': state,
    age: String(Math.max(0, Math.floor((nowMs - entry.storedAtMs) / 1000))),
    'cache-control': cacheControlValue,
  };
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/` is ignored, `*` matches. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** How a stored response goes out: `304` without a body when the client has it, else the stored bytes. */
export function storedResponse(
  entry: CachedResponse,
  state: CacheState,
  cacheControlValue: string,
  ifNoneMatch: string | undefined,
): { status: number; headers: Record<string, string>; body?: Buffer } {
  const headers = responseHeaders(entry, state, cacheControlValue);
  if (etagMatches(ifNoneMatch, entry.etag)) return { status: 304, headers };
  return { status: entry.status, headers, body: entry.body };
}
