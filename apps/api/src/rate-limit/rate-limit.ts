/** Rate limits are per client IP over a fixed one-minute window. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/** Liveness/readiness probes, metrics scrapes and the API docs are never limited. */
const UNLIMITED_PREFIXES = ['/health', '/metrics', '/docs'];

export function isRateLimited(routeUrl: string | undefined): boolean {
  return routeUrl !== undefined && !UNLIMITED_PREFIXES.some((prefix) => routeUrl.startsWith(prefix));
}

/**
 * POST paths that only read: a search whose query is too rich for a URL (Algolia's multi-query).
 * Matches the route pattern (`/1/indexes/:indexName/queries`) and a request's path alike, as the
 * HTTP front counts reads before Fastify routes them.
 */
const READ_POST = /^\/1\/indexes\/[^/?]+\/queries(?:\?|$)/;

/** Counted against the read limit. (CORS preflights count against neither.) */
export function isRead(method: string, path?: string): boolean {
  return method === 'GET' || method === 'HEAD' || (method === 'POST' && READ_POST.test(path ?? ''));
}

export function tooManyRequests(limit: number, kind: 'read' | 'write', retryAfterSeconds: number) {
  return {
    type: 'about:blank',
    title: 'Too Many Requests',
    status: 429,
    detail: `More than ${limit} ${kind} requests per minute from this client; retry after ${retryAfterSeconds} s.`,
    code: 'RATE_LIMITED',
    retryAfterSeconds,
  };
}
