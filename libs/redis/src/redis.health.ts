import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RedisConnection } from './redis-connection';
import { withTimeout } from './with-timeout';

/** Readiness of Redis: connected and answering PING. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisConnection,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'redis'): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    if (!this.redis.isReady) return indicator.down({ message: 'not connected' });
    try {
      // A hung Redis must fail the probe, not hang it.
      await withTimeout(this.redis.client.ping(), Math.max(this.redis.timeoutMs, 1_000));
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
