import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { RedisConnection } from './redis/redis-connection';
import { RedisHealthIndicator } from './redis/redis.health';

@Module({
  imports: [TerminusModule],
  providers: [RedisConnection, RedisHealthIndicator],
  exports: [RedisConnection, RedisHealthIndicator],
})
export class CacheModule {}
