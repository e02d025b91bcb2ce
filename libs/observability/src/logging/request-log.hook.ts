import type { FastifyInstance } from 'fastify';
import type { HttpLogger } from 'pino-http';

/**
 * A line per request Fastify routes, from pino-http's handler (REQUEST_LOGGER), as a hook rather
 * than nestjs-pino's middleware (no AsyncLocalStorage: logging.module.ts).
 */
export function registerRequestLog(fastify: FastifyInstance, log: HttpLogger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    log(request.raw, reply.raw);
    done();
  });
}
