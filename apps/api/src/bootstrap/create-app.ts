import { createServer } from 'node:http';
import { parse } from 'node:querystring';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import { Logger } from 'nestjs-pino';
import type { HttpLogger } from 'pino-http';
import type { AppConfig } from '@app/config';
import {
  CACHE_ASIDE_ROUTE_CONFIG,
  CacheAsideEdge,
  type CacheAsideOptions,
  CacheWarmer,
  NotModifiedReplies,
  ShownPatcher,
} from '@app/cache';
import {
  AppValidationPipe,
  clientAddressResolver,
  genRequestId,
  Metrics,
  problemClientErrorHandler,
  problemFrameworkErrors,
  registerHttpMetrics,
  registerRequestLog,
  rememberClientAddress,
  REQUEST_LOGGER,
} from '@app/observability';
import { RedisWindowCounters } from '@app/redis';
import { AppModule } from '../app.module';
import { registerNdjsonBodyParser } from '../catalog/ndjson-body';
import { ReadRateLimiter } from '../rate-limit/read-rate-limiter';
import { HttpFront } from './http-front';
import { earlyResponseHeaders, enableCors, registerSecurityHeaders } from './security-headers';
import { registerShopPage } from './shop-page';
import { setupSwagger } from './swagger';

/** Fastify's default keep-alive timeout (longer than common load balancers' idle timeouts). */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;
export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;
/** Longest path segment (a product id is at most 128 characters; the rest is headroom). */
export const MAX_PARAM_LENGTH = 256;

export interface AppOptions {
  /** The built demo shop page (default: dist/shop, what `npm run build` writes). */
  readonly shopDir?: string;
}

/** Builds the HTTP app (used by main.ts and by the e2e tests, so both run the same wiring). */
export async function createApp(
  config: AppConfig,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const front: { bound?: HttpFront } = {};
  const address = clientAddressResolver(config.http.trustProxy);
  const fastify = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    // Whose X-Forwarded-For names the client (request.ip: rate limits and logs); see TRUST_PROXY.
    // The same function resolves the address of reads counted in front of Fastify (HttpFront).
    trustProxy: address.trust,
    genReqId: genRequestId,
    requestIdHeader: false,
    // The cache edge parses query strings with the same function, so its keys see what routes see.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH, querystringParser: parseQuery },
    // Errors raised before any route runs are problem+json too.
    frameworkErrors: problemFrameworkErrors,
    clientErrorHandler: problemClientErrorHandler,
    // The read limit and cache hits are answered in front of Fastify (HttpFront, CacheAsideEdge).
    serverFactory: (handler) => {
      const server = createServer((req, res) => {
        if (front.bound) front.bound.handle(req, res, handler);
        else handler(req, res);
      });
      // What Fastify does to a server it creates itself (its defaults).
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      server.requestTimeout = 0;
      server.setTimeout(0);
      return server;
    },
  });
  // The cached routes, as Nest registers them (their config carries the @CacheAside() options).
  const cachedRoutes: { url: string; options: CacheAsideOptions }[] = [];
  fastify.addHook('onRoute', (route) => {
    const options = route.config?.[CACHE_ASIDE_ROUTE_CONFIG];
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (options && methods.includes('GET')) cachedRoutes.push({ url: route.url, options });
  });
  // Our instance, with our hooks, goes to the adapter: Fastify runs hooks in the order they were
  // added, and the adapter adds four of its own onRequest hooks when it is constructed. A read
  // over the limit is refused ahead of them.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    rememberClientAddress(request.raw, request);
    done();
  });
  const headers = registerSecurityHeaders(fastify);
  fastify.addHook('onRequest', async (request, reply) => front.bound?.rejectOverLimit(request, reply));
  const adapter = new FastifyAdapter(fastify);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  // Hits answered in front of Fastify log their own line.
  registerRequestLog(fastify, app.get<HttpLogger>(REQUEST_LOGGER));
  registerNdjsonBodyParser(app);
  app.useGlobalPipes(new AppValidationPipe());
  registerHttpMetrics(fastify, app.get(Metrics));
  app.get(NotModifiedReplies).register(fastify);
  const edge = app.get(CacheAsideEdge);
  edge.useQueryParser(parseQuery);
  const { readPerMinute } = config.rateLimit;
  const limiter =
    readPerMinute > 0 ? new ReadRateLimiter(app.get(RedisWindowCounters), readPerMinute) : undefined;
  front.bound = new HttpFront(edge, limiter, readPerMinute, address, earlyResponseHeaders(config, headers));
  enableCors(app, config);
  setupSwagger(app);
  await registerShopPage(app, options.shopDir);
  // Routes are registered at init: only then does the edge know them.
  await app.init();
  const shownPatcher = app.get(ShownPatcher);
  for (const route of cachedRoutes) {
    edge.learn(route.url, route.options);
    shownPatcher.learn(route.options);
  }
  app
    .get(CacheWarmer)
    .start((url) => app.inject({ method: 'GET', url }).then((response) => response.statusCode));
  return app;
}

/** Fastify's query-string parser, also used by the cache edge (node's querystring: repeated keys → arrays). */
function parseQuery(query: string): Record<string, unknown> {
  return { ...parse(query) };
}
