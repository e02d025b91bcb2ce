/**
 * Baseline (g): the same search endpoint behind Nest's stock `CacheInterceptor` from
 * @nestjs/cache-manager (its CACHE_MANAGER on Keyv + @keyv/redis, registered here: the product does
 * not use it), on the app's own modules (config, logging, search), the same Fastify adapter, security
 * headers (helmet), request log (pino-http, as createApp registers it) and global ValidationPipe.
 * Only the caching differs from the API: the stock interceptor keys by URL, stores the returned
 * object through Keyv (JSON) and serialises it again on every hit.
 * Usage: PORT=... INDEX_PREFIX=... CACHE_KEY_PREFIX=... node -r ts-node/register ... stock-app.ts
 */
import 'reflect-metadata';
import KeyvRedis, { Keyv } from '@keyv/redis';
import { CacheInterceptor, CacheModule } from '@nestjs/cache-manager';
import { Controller, Get, Module, Query, UseInterceptors } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig, AppConfigModule, loadConfigFromProcess } from '@app/config';
import type { HttpLogger } from 'pino-http';
import {
  AppValidationPipe,
  genRequestId,
  LoggingModule,
  MetricsModule,
  registerRequestLog,
  REQUEST_LOGGER,
} from '@app/observability';
import { redisClientOptions } from '@app/redis';
import { ProductSearch, type SearchResponse, SearchModule } from '@app/search';
import { registerSecurityHeaders } from '../../apps/api/src/bootstrap/security-headers';
import { SearchQueryDto } from '../../apps/api/src/search/search-query.dto';

@Controller('search')
class StockCachedSearchController {
  constructor(private readonly products: ProductSearch) {}

  @Get()
  @UseInterceptors(CacheInterceptor)
  search(@Query() query: SearchQueryDto): Promise<SearchResponse> {
    return this.products.search(query);
  }
}

async function main(): Promise<void> {
  const config = loadConfigFromProcess();

  @Module({
    imports: [
      AppConfigModule.forRoot(config),
      LoggingModule,
      MetricsModule,
      SearchModule,
      CacheModule.registerAsync({
        inject: [AppConfig],
        useFactory: (app: AppConfig) => ({
          stores: [
            new Keyv({
              store: new KeyvRedis(redisClientOptions(app.redis.url, app.redis.tlsCaFile)),
              namespace: `${app.cache.keyPrefix}:kv`,
            }),
          ],
          ttl: app.cache.defaultTtlMs,
        }),
      }),
    ],
    controllers: [StockCachedSearchController],
  })
  class StockAppModule {}

  const adapter = new FastifyAdapter({ trustProxy: false, genReqId: genRequestId, requestIdHeader: false });
  // The API's security headers too, so both send the same headers and only the caching differs.
  registerSecurityHeaders(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(StockAppModule, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  registerRequestLog(adapter.getInstance(), app.get<HttpLogger>(REQUEST_LOGGER));
  app.useGlobalPipes(new AppValidationPipe());
  app.enableShutdownHooks();
  await app.listen(config.http.port, config.http.host);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
