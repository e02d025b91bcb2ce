import { Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { AppConfig } from '@app/config';
import { CACHE_ASIDE_ROUTE_CONFIG } from './cache-aside.options';
import { CacheAsideEdge } from './cache-aside.edge';
import { CacheAsideService } from './cache-aside.service';
import { cacheControl, storedResponse } from './cache-headers';
import type { CacheContext, CacheState } from './cache-context';
import type { CachedResponse } from './cached-response';

/**
 * Answers fresh hits (and their 304s) in Fastify's onRequest hook, before Nest's guards, pipes
 * and interceptors run: a hit is one Redis call and a socket write. Everything else goes on to
 * the controller, with what was learned handed to CacheAsideInterceptor. Routes opt in only
 * through `@CacheAside()`, which puts its options in the route's Fastify config.
 */
@Injectable()
export class CacheAsideHook {
  private readonly contexts = new WeakMap<FastifyRequest, CacheContext>();
  private readonly notModifiedReplies = new WeakSet<FastifyReply>();

  constructor(
    private readonly cache: CacheAsideService,
    private readonly edge: CacheAsideEdge,
    private readonly config: AppConfig,
  ) {}

  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply, done) => this.onRequest(request, reply, done));
    fastify.addHook('onSend', (_request, reply, payload, done) => this.onSend(reply, payload, done));
  }

  /**
   * The hook itself, for callers that must place it before hooks registered later (create-app.ts
   * puts it ahead of Nest's middleware, so a hit skips pino-http's per-request child logger).
   * Callback style: a hit replies and never calls `done`, so Fastify runs nothing else for it.
   */
  onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const options = request.routeOptions.config?.[CACHE_ASIDE_ROUTE_CONFIG];
    if (!options || request.method !== 'GET') return done();
    this.cache
      .begin(options, request.url, request.query, request.params as Record<string, string>)
      .then((context) => {
        if (context.slot && request.routeOptions.url) {
          this.edge.learn(request.url, options, context.slot, request.routeOptions.url);
        }
        const entry = context.lookup?.entry;
        if (context.state === 'HIT' && entry) {
          this.send(request, reply, context, entry, 'HIT');
          return;
        }
        this.contexts.set(request, context);
        done();
      })
      .catch(done);
  }

  /**
   * A 304 decided on the interceptor's path (a MISS whose fill the client already holds): Nest
   * sets the route's own status after interceptors, so the status is applied in onSend.
   */
  notModified(reply: FastifyReply): void {
    this.notModifiedReplies.add(reply);
  }

  /** Fastify's onSend hook: turns a reply marked by notModified() into a bodiless 304. */
  onSend(reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void {
    if (!this.notModifiedReplies.has(reply)) return done(null, payload);
    reply
      .code(304)
      .removeHeader('content-type')
      .removeHeader('content-length')
      .removeHeader('content-encoding');
    done(null, null);
  }

  /** What the hook found for this request, if it ran. */
  contextOf(request: FastifyRequest): CacheContext | undefined {
    return this.contexts.get(request);
  }

  /** Writes a stored response: 304 when the client has it, else the stored bytes as they are. */
  send(
    request: FastifyRequest,
    reply: FastifyReply,
    context: CacheContext,
    entry: CachedResponse,
    state: CacheState,
  ): FastifyReply {
    // Answered before pino-http binds the request to the logger: the line carries the same `req`
    // fields pino-http's lines do, so log queries by request id find hits too.
    this.cache.served(context, entry, state, {
      id: String(request.id),
      method: request.method,
      url: request.url,
    });
    const out = storedResponse(entry, state, cacheControl(context.ttlMs, this.config), request.headers);
    return reply.headers(out.headers).code(out.status).send(out.body);
  }
}
