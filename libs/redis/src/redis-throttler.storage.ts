import { Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { AppConfig } from '@app/config';
import { CircuitBreaker } from './circuit-breaker';
import { luaScript } from './lua-script';
import { RedisConnection } from './redis-connection';
import { withTimeout } from './with-timeout';

/**
 * One fixed-window rate-limit step: count the hit and make sure the window expires.
 * KEYS[1] counter key; ARGV[1] window in ms. Returns { hits in this window, ms until it ends }.
 */
const RATE_LIMIT_HIT = luaScript(`
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { hits, ttl }
`);

/**
 * Rate-limit counters in Redis (fixed windows), so every instance counts against the same limit.
 * One EVALSHA per request. Fails OPEN on purpose: while Redis is away (or slow past
 * REDIS_TIMEOUT_MS) requests are let through rather than refused — an outage of the cache must
 * not become an outage of the API. The circuit breaker keeps that to one timeout per second.
 */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly breaker: CircuitBreaker;
  private readonly prefix: string;
  private failingOpen = false;

  constructor(
    private readonly redis: RedisConnection,
    config: AppConfig,
  ) {
    this.prefix = `${config.cache.keyPrefix}:ratelimit:`;
    this.breaker = redis.circuitBreaker();
  }

  /** `ttl` and `blockDuration` in ms (the window); times in the record are in whole seconds. */
  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const hit = await this.count(key, ttl);
    if (!hit)
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    const [totalHits, remainingMs] = hit;
    const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
    const isBlocked = totalHits > limit;
    return { totalHits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }

  /** [hits, ms left in the window], or undefined when Redis cannot answer (fail open). */
  private async count(key: string, windowMs: number): Promise<[number, number] | undefined> {
    if (!this.redis.isReady || !this.breaker.allow()) return this.open('redis unavailable');
    const keys = [this.prefix + key];
    const args = [String(windowMs)];
    try {
      const reply = await withTimeout(
        this.redis.evalScript(RATE_LIMIT_HIT, keys, args),
        this.redis.timeoutMs,
      );
      this.breaker.succeeded();
      this.failingOpen = false;
      const [hits, remainingMs] = reply as [number, number];
      return [Number(hits), Number(remainingMs)];
    } catch (error) {
      this.breaker.failed();
      return this.open(error instanceof Error ? error.message : String(error));
    }
  }

  private open(reason: string): undefined {
    if (!this.failingOpen) this.logger.warn({ err: reason }, 'rate limiting suspended: redis unavailable');
    this.failingOpen = true;
    return undefined;
  }
}
