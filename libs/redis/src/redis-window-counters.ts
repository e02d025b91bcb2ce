import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnection } from './redis-connection';
import { withTimeout } from './with-timeout';

/**
 * Fixed-window counters shared by every instance (the read limit's): a batch of local counts is
 * added with INCRBY + PEXPIRE per key, and each key's fleet-wide total comes back.
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

  /**
   * Adds `counts` (key → n) to the window's counters, which expire with `expireMs`; returns the totals.
   * One command per key, sent in the same tick (node-redis pipelines them): on a Cluster the keys
   * live in different slots, so a MULTI would be refused.
   */
  async add(counts: ReadonlyMap<string, number>, expireMs: number): Promise<Map<string, number>> {
    const client = this.redis.client;
    const added = [...counts].map(([key, n]) => {
      const total = client.incrBy(this.prefix + key, n);
      void client.pExpire(this.prefix + key, expireMs).catch(() => undefined);
      return total;
    });
    const replies = await withTimeout(Promise.all(added), this.redis.timeoutMs);
    const totals = new Map<string, number>();
    [...counts.keys()].forEach((key, i) => totals.set(key, Number(replies[i])));
    return totals;
  }
}
