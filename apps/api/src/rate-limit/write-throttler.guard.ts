import { type ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isRateLimited, isRead, tooManyRequests } from './rate-limit';

/**
 * @nestjs/throttler's guard for the write limit (reads are counted at the HTTP front, http-front.ts,
 * which also sees cache hits). One budget per client IP across all write routes, shared by every
 * instance through Redis; 429 problem+json with Retry-After.
 */
@Injectable()
export class WriteThrottlerGuard extends ThrottlerGuard {
  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return Promise.resolve(
      isRead(request.method, request.routeOptions.url) ||
        request.method === 'OPTIONS' ||
        !isRateLimited(request.routeOptions.url),
    );
  }

  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(String(request.ip));
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const seconds = Math.max(1, detail.timeToBlockExpire);
    void reply.header('retry-after', String(seconds));
    const { retryAfterSeconds: _s, ...body } = tooManyRequests(detail.limit, 'write', seconds);
    throw new HttpException(body, 429);
  }
}
