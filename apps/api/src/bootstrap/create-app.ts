import { createServer } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@app/config';
import { CacheAsideEdge, CacheAsideHook, RedisThrottlerStorage } from '@app/cache';
import {
  AppValidationPipe,
  genRequestId,
  Metrics,
  problemClientErrorHandler,
  problemFrameworkErrors,
  registerHttpMetrics,
  rememberClientAddress,
} from '@app/observability';
import { AppModule } from '../app.module';
import { registerNdjsonBodyParser } from '../catalog/ndjson-body';
import { ReadRateLimit } from '../rate-limit/read-rate-limit.hook';
import { enableCors, registerSecurityHeaders } from './security-headers';
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
  const edge: { bound?: CacheAsideEdge } = {};
  const { trustProxy } = config.http;
  const fastify = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    // Whose X-Forwarded-For names the client (request.ip: rate limits and logs); see TRUST_PROXY.
    trustProxy: typeof trustProxy === 'object' ? [...trustProxy] : trustProxy,
    genReqId: genRequestId,
    requestIdHeader: false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Errors raised before any route runs are problem+json too.
    frameworkErrors: problemFrameworkErrors,
    clientErrorHandler: problemClientErrorHandler,
    // Fresh hits of URLs already seen are answered in front of Fastify (CacheAsideEdge).
    serverFactory: (handler) => {
      const server = createServer((req, res) => {
        if (edge.bound) edge.bound.serve(req, res, () => handler(req, res));
        else handler(req, res);
      });
      // What Fastify does to a server it creates itself (its defaults).
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      server.requestTimeout = 0;
      server.setTimeout(0);
      return server;
    },
  });
  // Our instance, with our hooks, goes to the adapter: Fastify runs hooks in the order they were
  // added, and the adapter adds four of its own onRequest hooks when it is constructed and Nest's
  // middleware (pino-http) at NestFactory.create. A fresh cache hit is answered ahead of all of
  // them (measured in bench/README.md), with its request id set first. Security headers and the
  // read rate limit run ahead of the cache hook: hits get the headers and count against the
  // limit. A read limit of 0 registers no hook at all. The cache hook is bound once the DI
  // container exists.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    rememberClientAddress(request.raw, request);
    done();
  });
  const headers = registerSecurityHeaders(fastify);
  const readLimit: { bound?: ReadRateLimit } = {};
  if (config.rateLimit.readPerMinute > 0) {
    fastify.addHook('onRequest', async (request, reply) => readLimit.bound?.onRequest(request, reply));
  }
  const cacheHook: { bound?: CacheAsideHook } = {};
  fastify.addHook('onRequest', (request, reply, done) => {
    if (cacheHook.bound) cacheHook.bound.onRequest(request, reply, done);
    else done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (cacheHook.bound) cacheHook.bound.onSend(reply, payload, done);
    else done(null, payload);
  });
  const adapter = new FastifyAdapter(fastify);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  registerNdjsonBodyParser(app);
  app.useGlobalPipes(new AppValidationPipe());
  registerHttpMetrics(fastify, app.get(Metrics));
  readLimit.bound = new ReadRateLimit(app.get(RedisThrottlerStorage), config.rateLimit.readPerMinute);
  cacheHook.bound = app.get(CacheAsideHook);
  const cacheEdge = app.get(CacheAsideEdge);
  cacheEdge.useHeaders(headers);
  edge.bound = cacheEdge;
  enableCors(app, config);
  setupSwagger(app);
  await registerShopPage(app, options.shopDir);
  return app;
}
