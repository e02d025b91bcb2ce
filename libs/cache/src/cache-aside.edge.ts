import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { genRequestId, Metrics } from '@app/observability';
import type { CacheAsideOptions } from './cache-aside.options';
import { CacheAsideService } from './cache-aside.service';
import type { CacheContext } from './cache-context';
import type { CachedResponse } from './cached-response';
import { cacheControl, storedResponse } from './cache-headers';
import type { CacheSlot } from './response-cache.store';

/** What the hook learned about a URL the first time Fastify routed it. */
interface KnownUrl {
  readonly options: CacheAsideOptions;
  readonly slot: CacheSlot;
  /** Fastify's route pattern (the metrics label), e.g. `/search`. */
  readonly route: string;
}

type Next = () => void;

const KNOWN_LIMIT = 10_000;

/**
 * Fresh hits of URLs already seen, answered at the HTTP server before Fastify routes them
 * (Fastify's `serverFactory`). The route, its `@CacheAside()` options and the request's cache
 * key were worked out by CacheAsideHook on the URL's first request through Fastify; here it is
 * one Redis lookup and a socket write, with the same key, headers, log line and metrics as the
 * hook. Anything else (another method, an unknown URL, a miss, a stale entry, Redis away, a CORS
 * request, the read rate limit on, shutdown under way) goes on to Fastify untouched: the edge
 * only ever saves work, it never decides anything the hook would not.
 */
@Injectable()
export class CacheAsideEdge implements BeforeApplicationShutdown {
  private readonly known = new Map<string, KnownUrl>();
  private headers: Readonly<Record<string, string>> = {};
  private enabled: boolean;
  private readonly cors: boolean;

  constructor(
    private readonly cache: CacheAsideService,
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {
    // A limited read must be counted, and CORS answers depend on the request: both stay with
    // Fastify's hooks.
    this.enabled = config.rateLimit.readPerMinute === 0;
    this.cors = config.corsOrigins.length > 0;
  }

  /** The headers every response of the app carries (security headers), sent on edge hits too. */
  useHeaders(headers: Readonly<Record<string, string>>): void {
    this.headers = headers;
  }

  /** Called by the hook once a URL's route and key are known (valid requests only). */
  learn(url: string, options: CacheAsideOptions, slot: CacheSlot, route: string): void {
    if (!this.enabled || this.known.has(url)) return;
    if (this.known.size >= KNOWN_LIMIT) this.known.delete(this.known.keys().next().value as string);
    this.known.set(url, { options, slot, route });
  }

  /** The HTTP server's request handler in front of Fastify's (`next`). */
  serve(req: IncomingMessage, res: ServerResponse, next: Next): void {
    const known = this.enabled && req.method === 'GET' ? this.known.get(req.url ?? '') : undefined;
    if (!known || (this.cors && req.headers.origin !== undefined)) return next();
    const startedAt = process.hrtime.bigint();
    let handedOn = false;
    const handOn = (): void => {
      if (handedOn) return;
      handedOn = true;
      next();
    };
    this.cache
      .lookup(known.options, known.slot)
      .then((context) => {
        const entry = context.lookup?.entry;
        if (context.state !== 'HIT' || !entry || !this.enabled) return handOn();
        this.write(req, res, context, entry);
        this.metrics.httpDuration.observe(
          { method: 'GET', route: known.route, status: String(res.statusCode) },
          Number(process.hrtime.bigint() - startedAt) / 1e9,
        );
      })
      // Whatever failed here, Fastify answers the request (or, past the first byte, it is cut).
      .catch((error: unknown) => {
        if (!res.headersSent) handOn();
        else res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
  }

  beforeApplicationShutdown(): void {
    // Fastify answers everything while draining (it marks responses `connection: close`).
    this.enabled = false;
  }

  /** As CacheAsideHook.send: 304 when the client has it, else the stored bytes as they are. */
  private write(
    req: IncomingMessage,
    res: ServerResponse,
    context: CacheContext,
    entry: CachedResponse,
  ): void {
    const id = genRequestId(req);
    this.cache.served(context, entry, 'HIT', { id, method: 'GET', url: req.url ?? '' });
    const out = storedResponse(entry, 'HIT', cacheControl(context.ttlMs, this.config), req.headers);
    const headers: Record<string, string> = { ...this.headers, 'x-request-id': id, ...out.headers };
    if (out.body) headers['content-length'] = String(out.body.length);
    res.writeHead(out.status, headers).end(out.body);
  }
}
