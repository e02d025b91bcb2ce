import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics';

/**
 * Request durations from Fastify's own timing, so hits answered before Nest's pipeline are
 * measured too. Unmatched routes share one label to keep the series count bounded.
 */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
