import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics';

/**
 * Request durations from Fastify's own timing, so hits answered before Nest's pipeline are
 * measured too. Unmatched routes share one label to keep the series count bounded.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    observeHttp(
      metrics,
      request.method,
      request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}

/** One answered request, from Fastify's hook or from responses written before Fastify (cache hits). */
export function observeHttp(
  metrics: Metrics,
  method: string,
  route: string | undefined,
  status: number,
  seconds: number,
): void {
  metrics.httpDuration.observe([method, route ?? 'unmatched', String(status)], seconds);
}
