import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, type Problem } from './problem';

/**
 * Writes a problem as the response: `retryAfterSeconds` becomes the Retry-After header, the
 * request's URL and id are added. Used by the exception filter and by Fastify hooks that answer
 * before Nest runs (rate limiting).
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  const { retryAfterSeconds, ...body } = problem;
  if (typeof retryAfterSeconds === 'number') void reply.header('retry-after', String(retryAfterSeconds));
  return reply
    .status(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...body, instance: request.url, requestId: String(request.id) }));
}
