import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RedisThrottlerStorage } from '@app/cache';
import { sendProblem } from '@app/observability';
import { isRateLimited, isRead, RATE_LIMIT_WINDOW_MS, tooManyRequests } from './rate-limit';

/**
 * The read limit, run as a Fastify onRequest hook ahead of the cache's early-hit hook: hits are
 * answered there, before any Nest guard, so a ThrottlerGuard would never count them. Same Redis
 * storage as the write ThrottlerGuard. With RATE_LIMIT_READ_PER_MIN=0 the hook is not even
 * registered (see createApp), so the hit path pays nothing.
 */
export class ReadRateLimit {
  constructor(
    private readonly storage: RedisThrottlerStorage,
    private readonly limitPerMinute: number,
  ) {}

  async onRequest(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    if (!isRead(request.method, request.routeOptions.url) || !isRateLimited(request.routeOptions.url))
      return undefined;
    const record = await this.storage.increment(
      `read:${request.ip}`,
      RATE_LIMIT_WINDOW_MS,
      this.limitPerMinute,
    );
    if (!record.isBlocked) return undefined;
    return sendProblem(
      request,
      reply,
      tooManyRequests(this.limitPerMinute, 'read', record.timeToBlockExpire),
    );
  }
}
