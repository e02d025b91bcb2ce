import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/observability';
import { RedisConnection, RedisSubscription, withTimeout } from '@app/redis';
import { invalidationChannel } from '../cache-key';
import { DeliveryProof } from '../delivery-proof';

/** What one instance retired, for the others' in-process tiers. */
export interface Invalidation {
  /** Entries deleted in Redis (they showed a written product). */
  readonly keys?: readonly string[];
  /** Generations that moved (purges included): key → state (`value:previous:kind`, generation.ts). */
  readonly generations?: Readonly<Record<string, string>>;
}

/** Beats per CACHE_L1_MAX_AGE_MS: a copy outlives the last proof by at most that age. */
const BEATS_PER_MAX_AGE = 4;

/**
 * On the wire: the message and when Redis published it (ms since the epoch, µs precision), for
 * the delay metric. Published and stamped by the Redis scripts that retire (lua-scripts.ts).
 */
interface Sent extends Invalidation {
  readonly sentAtMs: number;
}

/**
 * An instance's beat to itself: `sentAtMs` on its own clock (Date.now, as the L1's). JSON with a
 * send time, as a push: an instance of an earlier version reads it as a push that retires nothing.
 */
interface Beat {
  readonly beat: string;
  readonly sentAtMs: number;
}

/** Now on the wall clock (ms since the epoch, sub-ms), to compare with the Redis TIME a push carries. */
const nowMs = (): number => performance.timeOrigin + performance.now();

/** The push of deleted or replaced entry keys, for a retiring script to stamp and publish. */
export function keysPush(keys: readonly string[]): string {
  return JSON.stringify({ keys } satisfies Invalidation);
}

/**
 * `received`: a push (another instance's retirement, or this one's own); `reset`: the channel was
 * down, messages may be lost: drop everything learned.
 */
export interface InvalidationListener {
  received(message: Invalidation): void;
  reset(): void;
}

/**
 * Redis pub/sub between instances sharing CACHE_KEY_PREFIX. Every retirement an instance's write
 * makes in Redis is published by the script that makes it, and every instance subscribes (on a
 * connection of its own: a subscribed connection runs no other command). `isUp` is false while
 * that connection is down; meanwhile other instances' moves are learned only by reading the
 * generations again, at least every CACHE_L1_MAX_AGE_MS (GenerationView), and the L1 keeps nothing.
 * Delivery is proven by beats (L1 on): every CACHE_L1_MAX_AGE_MS / 4 the instance publishes one to
 * itself; on one server pub/sub keeps the order of what it took, so a beat that comes back proves
 * every push before it arrived (recorded in DeliveryProof). Not on a Cluster, whose nodes relay
 * pub/sub to each other with no order across them: there nothing is proven, and the L1 keeps to its
 * age bound.
 */
@Injectable()
export class InvalidationChannel implements OnApplicationShutdown {
  private readonly logger = new Logger('CacheInvalidation');
  private readonly name: string;
  /** Undefined: no beats (the L1 is off, or a Cluster). */
  private readonly beatEveryMs?: number;
  private readonly beatId = randomUUID();
  private beatTimer?: NodeJS.Timeout;
  private subscription?: RedisSubscription;
  private up = false;
  private everUp = false;

  constructor(
    private readonly redis: RedisConnection,
    private readonly metrics: Metrics,
    private readonly proof: DeliveryProof,
    config: AppConfig,
  ) {
    this.name = invalidationChannel(config.cache.keyPrefix);
    if (config.cache.l1.maxBytes > 0 && redis.topology !== 'cluster') {
      this.beatEveryMs = Math.max(10, config.cache.l1.maxAgeMs / BEATS_PER_MAX_AGE);
    }
  }

  get isUp(): boolean {
    return this.up;
  }

  /** Not awaited by boot: the tier simply keeps nothing until the subscription is up. */
  subscribe(listener: InvalidationListener): void {
    this.startBeats();
    this.subscription = new RedisSubscription(
      this.redis,
      this.name,
      (raw) => {
        let message: Sent | Beat;
        try {
          message = JSON.parse(raw) as Sent | Beat;
        } catch {
          return listener.reset();
        }
        if ('beat' in message) {
          if (message.beat === this.beatId) this.proof.delivered(message.sentAtMs);
          return;
        }
        listener.received(message);
        this.metrics.pushDelay.observe(Math.max(0, nowMs() - message.sentAtMs) / 1000);
      },
      // What was sent while the subscription was down is lost: drop everything learned.
      (up) => {
        if (up) {
          this.proof.restarted();
          listener.reset();
        }
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
    if (this.beatTimer) clearInterval(this.beatTimer);
    await this.subscription?.close();
  }

  /** Up or down: a beat that comes back is the proof, not the status. */
  private startBeats(): void {
    if (this.beatEveryMs === undefined) return;
    this.beatTimer = setInterval(() => {
      if (!this.redis.isReady) return;
      const beat = JSON.stringify({ beat: this.beatId, sentAtMs: Date.now() } satisfies Beat);
      withTimeout(this.redis.client.publish(this.name, beat), this.redis.timeoutMs).catch(() => undefined);
    }, this.beatEveryMs);
    this.beatTimer.unref();
  }
}
