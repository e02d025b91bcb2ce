import { type CachedResponse, cachedResponse } from './cached-response';
import { decodeBody } from './content-encoding';
import type { StoredResponse } from './response-cache.store';

/** The JSON body of a stored response, decoded from its stored coding. */
export function storedBody<T>(stored: StoredResponse): T {
  return JSON.parse(decodeBody(stored.entry.body, stored.entry.encoding).toString()) as T;
}

/**
 * A stored response's patched copy: the new body (hashed and compressed as at a fill) with the
 * same end of freshness; undefined when that has passed.
 */
export function patchedEntry(
  stored: StoredResponse,
  body: unknown,
  now = Date.now(),
): CachedResponse | undefined {
  const { entry } = stored;
  const ttlMs = entry.storedAtMs + entry.ttlMs - now;
  if (ttlMs <= 0) return undefined;
  return cachedResponse(Buffer.from(JSON.stringify(body)), ttlMs, entry.contentType, now);
}
