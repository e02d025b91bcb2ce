import { Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * A 304 decided on the interceptor's path (a MISS whose fill the client already holds): Nest sets
 * the route's own status after interceptors run, so the status is applied in Fastify's onSend.
 */
@Injectable()
export class NotModifiedReplies {
  private readonly replies = new WeakSet<FastifyReply>();

  register(fastify: FastifyInstance): void {
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (!this.replies.has(reply)) return done(null, payload);
      reply
        .code(304)
        .removeHeader('content-type')
        .removeHeader('content-length')
        .removeHeader('content-encoding');
      done(null, null);
    });
  }

  mark(reply: FastifyReply): void {
    this.replies.add(reply);
  }
}
