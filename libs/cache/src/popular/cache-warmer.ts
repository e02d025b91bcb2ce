import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { RedisConnection, withTimeout } from '@app/redis';
import { PopularRequests } from './popular-requests';

/** How often an API instance looks for a warm-up request (one GET). */
const POLL_MS = 1_000;
/** Requests replayed at once. */
const CONCURRENCY = 4;
const DAY_S = 86_400;

/** Sends one GET through the app's own miss path (not counted, not rate limited); resolves to its status. */
export type Replay = (url: string) => Promise<number>;

/**
 * After everything was retired at once (`cli cache purge`, reindex, seed), warms the new
 * generation from the most requested queries of the last 24 h (PopularRequests):
 * - whoever retired everything calls `requested()`: a Redis key names that moment;
 * - every API instance polls the key once a second; the first to see a new value takes a lock
 *   named by it (SET NX, so one instance per purge fleet-wide) and replays the top
 *   CACHE_WARM_TOP_N requests through the app itself (`fastify.inject`: the interceptor's miss
 *   path, coalesced with real requests, skipping the read limit and the counting of the edge).
 * A key rather than a pub/sub message: an instance that was reconnecting when the purge ran still
 * sees it.
 */
@Injectable()
export class CacheWarmer implements OnApplicationShutdown {
  private readonly logger = new Logger('CacheWarmer');
  private readonly key: string;
  private readonly topN: number;
  private timer?: NodeJS.Timeout;
  private seen?: string;
  private running?: Promise<void>;

  constructor(
    private readonly redis: RedisConnection,
    private readonly popular: PopularRequests,
    config: AppConfig,
  ) {
    this.key = `${config.cache.keyPrefix}:warm`;
    this.topN = config.cache.warmTopN;
  }

  /** Everything was retired: ask the fleet to warm (best effort, never fails the caller). */
  async requested(): Promise<void> {
    if (this.topN === 0) return;
    try {
      await this.redis.waitUntilReady(this.redis.timeoutMs * 4);
      await withTimeout(
        this.redis.client.set(`${this.key}:requested`, String(Date.now()), { EX: DAY_S }),
        this.redis.timeoutMs,
      );
    } catch (error) {
      this.logger.warn({ event: 'cache.warm_request_failed', err: String(error) }, 'warm-up not requested');
    }
  }

  /** Called by the API once it can serve requests (not by the CLI). */
  start(replay: Replay): void {
    if (this.topN === 0 || this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.poll(replay).finally(() => (this.running = undefined));
    }, POLL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async poll(replay: Replay): Promise<void> {
    if (!this.redis.isReady) return;
    try {
      const stamp = await withTimeout(this.redis.client.get(`${this.key}:requested`), this.redis.timeoutMs);
      if (stamp === null || stamp === this.seen) return;
      this.seen = stamp;
      const lock = await withTimeout(
        this.redis.client.set(`${this.key}:lock:${stamp}`, '1', { NX: true, EX: DAY_S }),
        this.redis.timeoutMs,
      );
      if (lock !== 'OK') return;
      await this.warm(replay);
    } catch (error) {
      this.logger.warn({ event: 'cache.warm_failed', err: String(error) }, 'warm-up failed');
    }
  }

  private async warm(replay: Replay): Promise<void> {
    const startedMs = performance.now();
    const { top } = await this.popular.top(this.topN);
    const queue = top.map((request) => request.url);
    let failed = 0;
    const worker = async (): Promise<void> => {
      for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
        const status = await replay(url).catch(() => 0);
        if (status >= 400 || status === 0) failed++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    this.logger.log(
      { event: 'cache.warmed', requests: top.length, failed, ms: Math.round(performance.now() - startedMs) },
      'new generation warmed from the most requested queries',
    );
  }
}
