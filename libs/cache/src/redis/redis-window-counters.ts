import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnection } from './redis-connection';
import { withTimeout } from './with-timeout';

/**
 * Fixed-window counters shared by every instance (the read limit's): a batch of local counts is
 * added in one pipeline (INCRBY + PEXPIRE per key), and each key's fleet-wide total comes back.
 */
@Injectable()
export class RedisWindowCounters {
  private readonly prefix: string;

  constructor(
    private readonly redis: RedisConnection,
    config: AppConfig,
  ) {
    this.prefix = `${config.cache.keyPrefix}:ratelimit:`;
  }

  get available(): boolean {
    return this.redis.isReady;
  }

  /** Adds `counts` (key → n) to the window's counters, which expire with `expireMs`; returns the totals. */
  async add(counts: ReadonlyMap<string, number>, expireMs: number): Promise<Map<string, number>> {
    const batch = this.redis.client.multi();
    for (const [key, n] of counts) batch.incrBy(this.prefix + key, n).pExpire(this.prefix + key, expireMs);
    const replies = await withTimeout(batch.execAsPipeline(), this.redis.timeoutMs);
    const totals = new Map<string, number>();
    [...counts.keys()].forEach((key, i) => totals.set(key, Number(replies[i * 2])));
    return totals;
  }
}
