import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { AppConfig } from '@app/config';
import { loggedRequest } from '@app/observability';
import { CacheAsideEdge } from './cache-aside.edge';
import { CACHE_ASIDE_METADATA, type CacheAsideOptions } from './cache-aside.options';
import { CacheAsideService } from './cache-aside.service';
import type { CacheContext, CacheState } from './cache-context';
import type { CachedResponse } from './cached-response';
import type { Loaded } from './cache-filler';
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
 * Errors below 500 (validation, not found) pass through and are never cached. The decision is
 * CacheAsideService.answer, shared with CacheAsideCall; this class adds the HTTP part.
 * A request that never crossed the HTTP server (`fastify.inject`: the warmer) is looked up here; if
 * it finds a fresh entry, that entry is what it gets (served as a STALE copy would be, marked HIT).
 */
@Injectable()
export class CacheAsideInterceptor implements NestInterceptor {
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
    const found =
      this.edge.contextOf(request.raw, request.routeOptions.url, params) ??
      (await this.cache.begin(options, request.url, () => request.query, params));
    const context = { ...found, req: loggedRequest(request.raw) };
    // An invalid request has no key: the controller's pipe answers it (400), nothing is cached.
    if (!context.slot) return lastValueFrom(next.handle());
    const load = async (): Promise<Loaded> => {
      const body: unknown = await lastValueFrom(next.handle());
      if (options.zeroResults?.(body)) this.popular.zeroResults(context, request.url);
      return { body: Buffer.from(JSON.stringify(body)), shows: options.shows?.(body) ?? [] };
    };
    const { entry, state } = await this.cache.answer(context, load);
    return this.serve(request, reply, context, entry, state);
  }

  private serve(
    request: FastifyRequest,
    reply: FastifyReply,
    context: CacheContext,
    entry: CachedResponse,
    state: CacheState,
  ): Buffer {
    const out = storedResponse(entry, state, cacheControl(context.ttlMs, this.config), request.headers);
    void reply.headers(out.headers);
    if (out.status === 304) this.notModified.mark(reply);
    return out.body ?? NO_BODY;
  }
}

const NO_BODY = Buffer.alloc(0);
