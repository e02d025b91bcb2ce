import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { genRequestId, Metrics, observeHttp } from '@app/observability';
import type { CacheAsideOptions } from './cache-aside.options';
import { CacheAsideService } from './cache-aside.service';
import type { CacheContext } from './cache-context';
import type { CachedResponse } from './cached-response';
import { EndOfTurn } from './end-of-turn';
import { type CachedRoute, CachedRoutes, type RouteMatch } from './cached-routes';
import { cacheControl, STORED_RESPONSE_HEADERS, storedResponse } from './cache-headers';
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
  private readonly endOfTurn = new EndOfTurn();
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
    const { options } = match.route;
    let now: CacheContext | undefined;
    try {
      now = this.cache.beginNow(options, url);
    } catch (error) {
      return this.failed(res, next, error);
    }
    // An L1 hit is answered once this turn's reads are done, all of them together (EndOfTurn): a
    // response written inside its own read wakes the client for each one (bench/README.md).
    if (now) return this.endOfTurn.run(() => this.answer(req, res, next, headers, match, now, startedAt));
    this.cache
      .begin(options, url, () => (q < 0 ? {} : this.parseQuery(url.slice(q + 1))), match.params)
      .then(
        (context) => this.answer(req, res, next, headers, match, context, startedAt),
        (error: unknown) => this.failed(res, next, error),
      );
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

  /** A fresh hit is written here; anything else goes on to Fastify with what was found. */
  private answer(
    req: IncomingMessage,
    res: ServerResponse,
    next: Next,
    appHeaders: Readonly<Record<string, string>>,
    match: RouteMatch,
    context: CacheContext,
    startedAt: bigint,
  ): void {
    let handedOn = false;
    try {
      if (req.method === 'GET') this.popular.count(context, req.url ?? '/');
      const entry = context.lookup?.entry;
      if (context.state !== 'HIT' || !entry) {
        this.handedOn.set(req, { context, route: match.route.url, params: match.params });
        handedOn = true;
        return next();
      }
      this.write(req, res, context, entry, appHeaders);
      observeHttp(
        this.metrics,
        req.method ?? 'GET',
        match.route.url,
        res.statusCode,
        Number(process.hrtime.bigint() - startedAt) / 1e9,
      );
    } catch (error) {
      if (handedOn) res.destroy(asError(error));
      else this.failed(res, next, error);
    }
  }

  /** Whatever failed here, Fastify answers the request (or, past the first byte, it is cut). */
  private failed(res: ServerResponse, next: Next, error: unknown): void {
    if (!res.headersSent) next();
    else res.destroy(asError(error));
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
    this.cache.served(context, entry, 'HIT', req);
    const cc = cacheControl(context.ttlMs, this.config);
    const out = storedResponse(entry, 'HIT', cc, req.headers, undefined, context.lookup?.decoded);
    // A flat list: Node writes it as it is, where a 20-key object literal costs more than the rest.
    const app = flatHeaders(appHeaders);
    const headers = app.list.slice();
    headers.push('x-request-id', id);
    for (const name in out.headers) {
      const value = out.headers[name];
      headers.push(name, name === 'vary' && app.vary ? `${value}, ${app.vary}` : value);
    }
    if (out.body) headers.push('content-length', String(out.body.length));
    if (this.draining) headers.push('connection', 'close');
    res.writeHead(out.status, headers).end(out.body);
  }
}

/**
 * The app's headers as a flat name/value list, without those the hit sets itself (they replace
 * the app's), and `Vary` apart (it joins the entry's).
 */
interface FlatHeaders {
  readonly list: readonly string[];
  readonly vary?: string;
}

const SET_BY_THE_HIT: ReadonlySet<string> = new Set([
  ...STORED_RESPONSE_HEADERS,
  'x-request-id',
  'content-length',
  'connection',
]);

/** Per headers object: the app hands the same few objects to every request (security-headers.ts). */
const flattened = new WeakMap<object, FlatHeaders>();

function flatHeaders(headers: Readonly<Record<string, string>>): FlatHeaders {
  let flat = flattened.get(headers);
  if (!flat) {
    const list: string[] = [];
    for (const [name, value] of Object.entries(headers))
      if (!SET_BY_THE_HIT.has(name)) list.push(name, value);
    flat = { list, vary: headers.vary };
    flattened.set(headers, flat);
  }
  return flat;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
