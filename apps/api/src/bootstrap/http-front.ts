import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CacheAsideEdge } from '@app/cache';
import { type ClientAddressResolver, sendProblem } from '@app/observability';
import { isRateLimited, isRead, tooManyRequests } from '../rate-limit/rate-limit';
import type { ReadRateLimiter } from '../rate-limit/read-rate-limiter';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The HTTP server's request handler, in front of Fastify's: counts every read against the read
 * limit (ReadRateLimiter), then lets CacheAsideEdge answer cache hits; everything else is
 * Fastify's. A read over the limit is answered by Fastify too (the `rejectOverLimit` hook), with
 * the app's problem+json, request id, headers, logs and metrics.
 */
export class HttpFront {
  private readonly overLimit = new WeakMap<IncomingMessage, number>();

  constructor(
    private readonly edge: CacheAsideEdge,
    private readonly limiter: ReadRateLimiter | undefined,
    private readonly limitPerMinute: number,
    private readonly address: ClientAddressResolver,
    private readonly headersFor: (origin: string | undefined) => Readonly<Record<string, string>>,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse, fastify: Handler): void {
    const next = (): void => fastify(req, res);
    if (!this.limiter || !isRead(req.method ?? '', req.url) || !isRateLimited(req.url)) {
      return this.edge.serve(req, res, next, this.headersFor(req.headers.origin));
    }
    const decided = (retryAfterS: number): void => {
      if (retryAfterS === 0) return this.edge.serve(req, res, next, this.headersFor(req.headers.origin));
      this.overLimit.set(req, retryAfterS);
      next();
    };
    const verdict = this.limiter.take(this.address.of(req) ?? 'unknown');
    if (typeof verdict === 'number') decided(verdict);
    else verdict.then(decided, () => decided(0));
  }

  /** Fastify onRequest hook: a read the front found over the limit gets its 429 problem+json. */
  rejectOverLimit(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    const retryAfterS = this.overLimit.get(request.raw);
    if (retryAfterS === undefined) return undefined;
    return sendProblem(request, reply, tooManyRequests(this.limitPerMinute, 'read', retryAfterS));
  }
}
