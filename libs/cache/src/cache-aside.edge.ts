import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { genRequestId, Metrics, observeHttp } from '@app/observability';
import type { CacheAsideOptions } from './cache-aside.options';
import { CacheAsideService } from './cache-aside.service';
import type { CacheContext } from './cache-context';
import type { CachedResponse } from './cached-response';
import { type CachedRoute, CachedRoutes } from './cached-routes';
import { cacheControl, storedResponse } from './cache-headers';
import { PopularRequests } from './popular/popular-requests';

type Next = () => void;

/** Parses a query string as Fastify does (createApp gives both the same parser). */
export type QueryParser = (query: string) => Record<string, unknown>;

/** What the edge found for a request it handed on (read by the interceptor). */
interface HandedOn {
  readonly context: CacheContext;
  readonly route: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The one place a cache hit (and its 304) is answered, for every `@CacheAside()` route: at the
 * HTTP server, in front of Fastify's router (createApp's `serverFactory`). Its routes are learned
 * at boot from the route config `@CacheAside()` sets (Fastify's `onRoute`). For a GET or HEAD of
 * one of them it canonicalizes the request, counts it (PopularRequests) and looks it up: a fresh
 * hit is written here with the app's response headers, request id, log line and metrics; anything
 * else (miss, stale, Redis away, an invalid request) goes on to Fastify with what was found, and
 * the interceptor serves it. Other routes go on to Fastify untouched.
 */
@Injectable()
export class CacheAsideEdge implements BeforeApplicationShutdown {
  private readonly routes = new CachedRoutes();
  private readonly handedOn = new WeakMap<IncomingMessage, HandedOn>();
  private parseQuery: QueryParser = () => ({});
  private draining = false;

  constructor(
    private readonly cache: CacheAsideService,
    private readonly popular: PopularRequests,
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  /** Fastify's `onRoute`, at boot: a route whose config carries `@CacheAside()` options. */
  learn(url: string, options: CacheAsideOptions): void {
    this.routes.add({ url, options } satisfies CachedRoute);
  }

  useQueryParser(parse: QueryParser): void {
    this.parseQuery = parse;
  }

  /** How many cached routes were learned (boot checks it). */
  get routeCount(): number {
    return this.routes.size;
  }

  /**
   * The HTTP server's handler in front of Fastify's (`next`). `headers` are the app's headers for
   * this response (security headers, CORS), the ones Fastify's hooks set on everything else.
   */
  serve(
    req: IncomingMessage,
    res: ServerResponse,
    next: Next,
    headers: Readonly<Record<string, string>>,
  ): void {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return next();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const match = this.routes.match(q < 0 ? url : url.slice(0, q));
    if (!match) return next();
    const startedAt = process.hrtime.bigint();
    const { route, params } = match;
    let handedOn = false;
    const handOn = (context?: CacheContext): void => {
      if (handedOn) return;
      handedOn = true;
      if (context) this.handedOn.set(req, { context, route: route.url, params });
      next();
    };
    this.cache
      .begin(route.options, url, q < 0 ? {} : this.parseQuery(url.slice(q + 1)), params)
      .then((context) => {
        if (method === 'GET') this.popular.count(context, url);
        const entry = context.lookup?.entry;
        if (context.state !== 'HIT' || !entry) return handOn(context);
        this.write(req, res, context, entry, headers);
        observeHttp(
          this.metrics,
          method,
          route.url,
          res.statusCode,
          Number(process.hrtime.bigint() - startedAt) / 1e9,
        );
      })
      // Whatever failed here, Fastify answers the request (or, past the first byte, it is cut).
      .catch((error: unknown) => {
        if (!res.headersSent) handOn();
        else res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
  }

  /**
   * What the edge found for this request, if Fastify routed it to the same route and params (the
   * interceptor looks the request up itself otherwise, e.g. for `fastify.inject`).
   */
  contextOf(
    req: IncomingMessage,
    route: string | undefined,
    params: Readonly<Record<string, string>>,
  ): CacheContext | undefined {
    const found = this.handedOn.get(req);
    if (!found || found.route !== route) return undefined;
    for (const [name, value] of Object.entries(found.params)) if (params[name] !== value) return undefined;
    return found.context;
  }

  beforeApplicationShutdown(): void {
    // Hits still answered while draining, but each closes its connection, as Fastify's do.
    this.draining = true;
  }

  /** 304 when the client has it, else the stored bytes as they are (storedResponse decides). */
  private write(
    req: IncomingMessage,
    res: ServerResponse,
    context: CacheContext,
    entry: CachedResponse,
    appHeaders: Readonly<Record<string, string>>,
  ): void {
    const id = genRequestId(req);
    this.cache.served(context, entry, 'HIT', { id, method: req.method ?? 'GET', url: req.url ?? '' });
    const out = storedResponse(entry, 'HIT', cacheControl(context.ttlMs, this.config), req.headers);
    const headers: Record<string, string> = { ...appHeaders, 'x-request-id': id, ...out.headers };
    if (appHeaders.vary) headers.vary = `${out.headers.vary}, ${appHeaders.vary}`;
    if (out.body) headers['content-length'] = String(out.body.length);
    if (this.draining) headers.connection = 'close';
    res.writeHead(out.status, headers).end(out.body);
  }
}
