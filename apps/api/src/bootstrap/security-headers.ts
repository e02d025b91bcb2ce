import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { AppConfig } from '@app/config';

/**
 * helmet's CSP is strict except for what Swagger UI at /docs needs (its inline styles and data:
 * images), and leaves out `upgrade-insecure-requests`, which would break the UI served over plain
 * HTTP on a developer machine.
 */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/**
 * helmet's headers for our options, computed once. With static options (no CSP nonces) they never
 * depend on the request, and @fastify/helmet rebuilt them on every request: over a third of a
 * cache hit's CPU (bench/README.md). Lower-cased names, ready for `reply.headers()`.
 */
export function securityHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY })(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    () => undefined,
  );
  return Object.freeze(headers);
}

/**
 * Responses outside the response cache (health, metrics, admin, writes, errors) must not be
 * kept by browsers or proxies; a cached route replaces it with its own `public, max-age`.
 */
const DEFAULT_CACHE_CONTROL = 'no-store';

/**
 * The security headers and the default Cache-Control on every response Fastify sends; returned
 * for the cache hits CacheAsideEdge writes before Fastify (the same frozen map).
 */
export function registerSecurityHeaders(fastify: FastifyInstance): Readonly<Record<string, string>> {
  const headers = Object.freeze({ ...securityHeaders(), 'cache-control': DEFAULT_CACHE_CONTROL });
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
  return headers;
}

const CORS_EXPOSED_HEADERS = ['x-cache', 'x-cache-queries', 'x-request-id', 'etag', 'age', 'retry-after'];

/** CORS for the configured origins only; none configured (the default) sends no CORS headers. */
export function enableCors(app: NestFastifyApplication, config: AppConfig): void {
  if (config.corsOrigins.length === 0) return;
  app.enableCors({
    origin: [...config.corsOrigins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['content-type', 'x-api-key', 'if-none-match', 'x-request-id'],
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
    hook: 'onSend',
  });
}

/**
 * The headers of a response written before Fastify (a cache hit): the security headers, plus for
 * a cross-origin GET what @fastify/cors (enableCors, same origins and exposed headers) sends on a
 * simple request — Allow-Origin for a configured origin, `Vary: Origin` either way.
 */
export function earlyResponseHeaders(
  config: AppConfig,
  security: Readonly<Record<string, string>>,
): (origin: string | undefined) => Readonly<Record<string, string>> {
  if (config.corsOrigins.length === 0) return () => security;
  const denied = Object.freeze({ ...security, vary: 'origin' });
  const exposed = CORS_EXPOSED_HEADERS.join(', ');
  // One object per configured origin, built once: the edge flattens each headers object once.
  const allowed = new Map(
    config.corsOrigins.map((origin) => [
      origin,
      Object.freeze({
        ...security,
        vary: 'origin',
        'access-control-allow-origin': origin,
        'access-control-expose-headers': exposed,
      }),
    ]),
  );
  return (origin) => (origin === undefined ? undefined : allowed.get(origin)) ?? denied;
}
