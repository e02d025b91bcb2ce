import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { CacheAsideInterceptor } from './cache-aside.interceptor';
import {
  CACHE_ASIDE_METADATA,
  CACHE_ASIDE_ROUTE_CONFIG,
  type CacheAsideOptions,
} from './cache-aside.options';

/**
 * Serves a GET route cache-aside from Redis. The one place a route declares caching: the
 * interceptor handles misses, and the same options reach CacheAsideEdge (which answers hits) via
 * Fastify's route config at boot, so both use the same key builder, headers, logs and metrics.
 */
export function CacheAside(options: CacheAsideOptions): MethodDecorator {
  return applyDecorators(
    SetMetadata(CACHE_ASIDE_METADATA, options),
    RouteConfig({ [CACHE_ASIDE_ROUTE_CONFIG]: options }),
    UseInterceptors(CacheAsideInterceptor),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'ETag of a copy you hold: 304 if unchanged',
    }),
    ApiResponse({ status: 304, description: 'Not modified (answered from Redis alone)' }),
  );
}
