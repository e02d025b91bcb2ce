export { RedisModule } from './redis.module';
export { RedisConnection } from './redis-connection';
export { RedisHealthIndicator } from './redis.health';
export { RedisThrottlerStorage } from './redis-throttler.storage';
export { redisClientOptions } from './redis-client-options';
export { CircuitBreaker } from './circuit-breaker';
export { RedisTimeoutError, withTimeout } from './with-timeout';
export { type LuaScript, luaScript } from './lua-script';
