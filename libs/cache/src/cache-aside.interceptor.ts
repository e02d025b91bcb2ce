import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { AppConfig } from '@app/config';
import { CacheAsideEdge } from './cache-aside.edge';
import { CACHE_ASIDE_METADATA, type CacheAsideOptions } from './cache-aside.options';
import { CacheAsideService } from './cache-aside.service';
import type { CacheContext, CacheState } from './cache-context';
import type { CachedResponse } from './cached-response';
import type { Load, Loaded } from './cache-filler';
import { cacheControl, storedResponse } from './cache-headers';
import { NotModifiedReplies } from './not-modified-replies';
import { PopularRequests } from './popular/popular-requests';

/**
 * The cache-aside contract of a `@CacheAside()` route, for everything that is not a fresh hit
 * (those CacheAsideEdge answers, before Fastify routes the request):
 * - MISS: run the controller once per key (coalesced), store the serialized body, send the same bytes;
 * - STALE: send the old copy now and refresh it in the background, once;
 * - upstream failure (5xx) with a copy within the stale-if-error window: send that copy as STALE;
 * - BYPASS (Redis unavailable): run the controller, send its body, store nothing.
 * Errors below 500 (validation, not found) pass through and are never cached.
 * A request that never crossed the HTTP server (`fastify.inject`: the warmer) is looked up here; if
 * it finds a fresh entry, that entry is what it gets (served as a STALE copy would be, marked HIT).
 */
@Injectable()
export class CacheAsideInterceptor implements NestInterceptor {
  private readonly logger = new Logger('CacheAside');

  constructor(
    private readonly reflector: Reflector,
    private readonly cache: CacheAsideService,
    private readonly edge: CacheAsideEdge,
    private readonly notModified: NotModifiedReplies,
    private readonly popular: PopularRequests,
    private readonly config: AppConfig,
  ) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = execution.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const options = this.reflector.get<CacheAsideOptions>(CACHE_ASIDE_METADATA, execution.getHandler());
    return from(this.handle(request, reply, options, next));
  }

  private async handle(
    request: FastifyRequest,
    reply: FastifyReply,
    options: CacheAsideOptions,
    next: CallHandler,
  ): Promise<unknown> {
    const params = request.params as Record<string, string>;
    const context =
      this.edge.contextOf(request.raw, request.routeOptions.url, params) ??
      (await this.cache.begin(options, request.url, request.query, params));
    // An invalid request has no key: the controller's pipe answers it (400), nothing is cached.
    if (!context.slot) return lastValueFrom(next.handle());
    const load = async (): Promise<Loaded> => {
      const body: unknown = await lastValueFrom(next.handle());
      if (options.zeroResults?.(body)) this.popular.zeroResults(context, request.url);
      return { body: Buffer.from(JSON.stringify(body)), shows: options.shows?.(body) ?? [] };
    };
    switch (context.state) {
      case 'HIT':
        return this.serve(request, reply, context, context.lookup?.entry, 'HIT');
      case 'STALE':
        this.revalidate(context, load);
        return this.serve(request, reply, context, context.fallback, 'STALE');
      case 'MISS':
      case 'BYPASS':
        return this.fill(request, reply, context, load);
    }
  }

  private async fill(
    request: FastifyRequest,
    reply: FastifyReply,
    context: CacheContext,
    load: Load,
  ): Promise<Buffer> {
    const startedMs = performance.now();
    try {
      const entry = await this.cache.fill(context, load);
      this.logger.log(
        {
          event: 'cache.miss',
          cache: context.state,
          key: this.cache.key(context),
          loadMs: performance.now() - startedMs,
        },
        context.state === 'BYPASS'
          ? 'redis unavailable: answered from elasticsearch'
          : 'miss: answered from elasticsearch',
      );
      return this.serve(request, reply, context, entry, context.state);
    } catch (error) {
      if (!context.fallback || !isUpstreamFailure(error)) throw error;
      this.logger.warn(
        { event: 'cache.stale_if_error', key: this.cache.key(context), err: String(error) },
        'upstream failed: serving stale copy',
      );
      return this.serve(request, reply, context, context.fallback, 'STALE');
    }
  }

  private revalidate(context: CacheContext, load: Load): void {
    this.cache.fill(context, load).then(
      () =>
        this.logger.log({ event: 'cache.revalidated', key: this.cache.key(context) }, 'stale copy refreshed'),
      (error: unknown) =>
        this.logger.warn({ event: 'cache.revalidate_failed', err: String(error) }, 'refresh failed'),
    );
  }

  private serve(
    request: FastifyRequest,
    reply: FastifyReply,
    context: CacheContext,
    entry: CachedResponse | undefined,
    state: CacheState,
  ): Buffer {
    if (!entry) throw new Error(`cache state ${state} without an entry`);
    this.cache.count(context, state);
    if (state === 'HIT' || state === 'STALE') this.cache.logHit(context, entry, state);
    const out = storedResponse(entry, state, cacheControl(context.ttlMs, this.config), request.headers);
    void reply.headers(out.headers);
    if (out.status === 304) this.notModified.mark(reply);
    return out.body ?? NO_BODY;
  }
}

const NO_BODY = Buffer.alloc(0);

function isUpstreamFailure(error: unknown): boolean {
  return !(error instanceof HttpException) || error.getStatus() >= 500;
}
