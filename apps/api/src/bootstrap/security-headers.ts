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

/** helmet's headers for our options (the page set): computed once, lower-cased names. */
export function documentSecurityHeaders(): Readonly<Record<string, string>> {
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
 * The security headers of an API response (JSON, problem+json, metrics), as OWASP's REST Security
 * Cheat Sheet lists them: a response nobody renders needs no script, referrer or cross-origin
 * policies. helmet's full set (documentSecurityHeaders) goes on the HTML pages only.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
});

/**
 * Responses outside the response cache (health, metrics, admin, writes, errors) must not be
 * kept by browsers or proxies; a cached route replaces it with its own `public, max-age`.
 */
const DEFAULT_CACHE_CONTROL = 'no-store';

/**
 * The API's security headers and default Cache-Control on every response Fastify sends, and the
 * page set instead on HTML (Swagger UI, the shop page) and on responses without a content type.
 * Returns the API's (the same frozen map) for the hits CacheAsideEdge writes before Fastify: JSON.
 */
export function registerSecurityHeaders(fastify: FastifyInstance): Readonly<Record<string, string>> {
  const headers = Object.freeze({ ...API_SECURITY_HEADERS, 'cache-control': DEFAULT_CACHE_CONTROL });
  const page = documentSecurityHeaders();
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    // A 304 names no type, and a browser copies its headers onto the page it revalidated.
    const type = reply.getHeader('content-type');
    if (type === undefined || (typeof type === 'string' && type.startsWith('text/html')))
      void reply.headers(page);
    done(null, payload);
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
