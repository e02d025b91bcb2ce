import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Fastify's request id generator. A caller's `x-request-id` is reused when sane so logs join
 * across services. The id is also put on the raw request, where pino-http picks it up, and where
 * a second call for the same request finds it.
 */
export function genRequestId(req: IncomingMessage): string {
  // Asked again for the same request (the cache edge, then Fastify): the same id.
  const known = (req as { id?: unknown }).id;
  if (typeof known === 'string') return known;
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  Object.assign(req, { id });
  return id;
}
