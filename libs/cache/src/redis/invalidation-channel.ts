import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/observability';
import { RedisConnection, RedisSubscription, withTimeout } from '@app/redis';

/** What one instance retired, for the others' in-process tiers. */
export interface Invalidation {
  /** Entries deleted in Redis (they showed a written product). */
  readonly keys?: readonly string[];
  /** Namespaces whose generations moved, or that were purged. */
  readonly namespaces?: readonly string[];
}

/** On the wire: when it was published (ms since the epoch, sub-ms precision), for the delay metric. */
interface Sent extends Invalidation {
  readonly sentAtMs: number;
}

const nowMs = (): number => performance.timeOrigin + performance.now();

/** `reset`: the channel was down, messages may be lost: drop everything learned. */
export type InvalidationListener = (message: Invalidation | 'reset') => void;

/**
 * Redis pub/sub between instances sharing CACHE_KEY_PREFIX. Every instance publishes what its
 * writes retire; only instances with an in-process tier subscribe (on a connection of their own:
 * a subscribed connection runs no other command). `isUp` is false while that connection is down.
 */
@Injectable()
export class InvalidationChannel implements OnApplicationShutdown {
  private readonly logger = new Logger('CacheInvalidation');
  private readonly name: string;
  private subscription?: RedisSubscription;
  private up = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly metrics: Metrics,
    config: AppConfig,
  ) {
    this.name = `${config.cache.keyPrefix}:invalidations`;
  }

  get isUp(): boolean {
    return this.up;
  }

  /** Best effort: a lost message leaves other tiers stale for at most CACHE_L1_MAX_AGE_MS. */
  async publish(message: Invalidation): Promise<void> {
    try {
      const sent: Sent = { ...message, sentAtMs: nowMs() };
      await withTimeout(this.redis.client.publish(this.name, JSON.stringify(sent)), this.redis.timeoutMs);
    } catch (error) {
      this.logger.warn(
        { event: 'cache.push_failed', err: String(error) },
        'could not publish an invalidation',
      );
    }
  }

  /** Not awaited by boot: the tier simply keeps nothing until the subscription is up. */
  subscribe(listener: InvalidationListener): void {
    this.subscription = new RedisSubscription(
      this.redis,
      this.name,
      (raw) => {
        let message: Sent;
        try {
          message = JSON.parse(raw) as Sent;
        } catch {
          return listener('reset');
        }
        listener(message);
        this.metrics.pushDelay.observe(Math.max(0, nowMs() - message.sentAtMs) / 1000);
      },
      // What was sent while the subscription was down is lost: drop everything learned.
      (up) => {
        if (up) listener('reset');
        this.up = up;
      },
    );
    this.subscription.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.up = false;
    await this.subscription?.close();
  }
}
