export { RedisModule } from './redis.module';
export { RedisConnection, type RedisCommands } from './redis-connection';
export { RedisSubscription, type SubscriptionStatus } from './redis-subscription';
export { RedisHealthIndicator } from './redis.health';
export { RedisThrottlerStorage } from './redis-throttler.storage';
export { redisClientOptions, redisNodeAccess } from './redis-client-options';
export { CircuitBreaker } from './circuit-breaker';
export { RedisTimeoutError, withTimeout } from './with-timeout';
export { type LuaScript, luaScript } from './lua-script';
