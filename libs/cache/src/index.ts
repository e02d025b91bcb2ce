export { CacheModule } from './cache.module';
export { RedisHealthIndicator } from './redis/redis.health';
