import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/observability';
import { RedisConnection, RedisSubscription, withTimeout } from '@app/redis';

/** What one instance retired, for the others' in-process tiers. */
export interface Invalidation {
  /** Entries deleted in Redis (they showed a written product). */
  readonly keys?: readonly string[];
  /** Generations that moved (purges included): key → state (`value:previous:kind`, generation.ts). */
  readonly generations?: Readonly<Record<string, string>>;
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
 * writes retire and the generations they moved, and subscribes (on a connection of their own: a
 * subscribed connection runs no other command). `isUp` is false while that connection is down;
 * meanwhile other instances' moves are learned only by reading the generations again, at least
 * every CACHE_L1_MAX_AGE_MS (GenerationView), and the L1 keeps nothing.
 */
@Injectable()
export class InvalidationChannel implements OnApplicationShutdown {
  private readonly logger = new Logger('CacheInvalidation');
  private readonly name: string;
  private subscription?: RedisSubscription;
  private up = false;
  private everUp = false;

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
        if (up && this.everUp && !this.up) {
          this.logger.log({ event: 'cache.push_restored' }, 'invalidation push restored');
        }
        this.everUp ||= up;
        if (!up && this.up) {
          this.logger.warn(
            { event: 'cache.push_down' },
            'invalidation push down: generations re-read every CACHE_L1_MAX_AGE_MS, L1 keeps nothing',
          );
        }
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
