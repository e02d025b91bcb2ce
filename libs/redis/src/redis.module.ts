import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisConnection } from './redis-connection';
import { RedisHealthIndicator } from './redis.health';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/**
 * The process's Redis: one connection (timeouts, reconnects), its readiness check and the
 * rate-limit counters. Knows nothing of the response cache, which builds on it.
 */
@Module({
  imports: [TerminusModule],
  providers: [RedisConnection, RedisHealthIndicator, RedisThrottlerStorage],
  exports: [RedisConnection, RedisHealthIndicator, RedisThrottlerStorage],
})
export class RedisModule {}
