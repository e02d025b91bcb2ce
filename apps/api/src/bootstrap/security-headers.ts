import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
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

/** helmet's headers on every response (registered on Fastify directly, so its hooks run first). */
export async function registerSecurityHeaders(fastify: FastifyInstance): Promise<void> {
  await fastify.register(helmet, { contentSecurityPolicy: CONTENT_SECURITY_POLICY });
}

/** CORS for the configured origins only; none configured (the default) sends no CORS headers. */
export function enableCors(app: NestFastifyApplication, config: AppConfig): void {
  if (config.corsOrigins.length === 0) return;
  app.enableCors({
    origin: [...config.corsOrigins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['content-type', 'x-api-key', 'if-none-match', 'x-request-id'],
    exposedHeaders: ['x-cache', 'x-request-id', 'etag', 'age', 'retry-after'],
    maxAge: 600,
    // onSend, not onRequest: cache hits are answered in an earlier onRequest hook and must get
    // the CORS headers too.
    hook: 'onSend',
  });
}
