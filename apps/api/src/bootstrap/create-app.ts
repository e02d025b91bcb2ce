import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@app/config';
import { CacheAsideHook } from '@app/cache';
import { genRequestId, Metrics, registerHttpMetrics, VALIDATION_PIPE_OPTIONS } from '@app/observability';
import { AppModule } from '../app.module';
import { registerNdjsonBodyParser } from '../catalog/ndjson-body';
import { setupSwagger } from './swagger';

export const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/** Builds the HTTP app (used by main.ts and by the e2e tests, so both run the same wiring). */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: false,
    genReqId: genRequestId,
    requestIdHeader: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  registerNdjsonBodyParser(app);
  app.useGlobalPipes(new ValidationPipe(VALIDATION_PIPE_OPTIONS));
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  registerHttpMetrics(fastify, app.get(Metrics));
  // After the request-id hook, so early cache hits carry the id too.
  app.get(CacheAsideHook).register(fastify);
  setupSwagger(app);
  return app;
}
