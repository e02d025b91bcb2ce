import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisConnection } from './redis-connection';
import { RedisHealthIndicator } from './redis.health';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { RedisWindowCounters } from './redis-window-counters';

/**
 * The process's Redis: one connection (timeouts, reconnects), its readiness check and the
 * rate-limit counters. Knows nothing of the response cache, which builds on it.
 */
@Module({
  imports: [TerminusModule],
  providers: [RedisConnection, RedisHealthIndicator, RedisThrottlerStorage, RedisWindowCounters],
  exports: [RedisConnection, RedisHealthIndicator, RedisThrottlerStorage, RedisWindowCounters],
})
export class RedisModule {}
