import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { RedisClientType, RedisClusterType, RedisSentinelType } from '@redis/client';
import { closeClient, createTopologyClient, followFailovers, type RedisConnection } from './redis-connection';

/** `up`: subscribed (again) — what was published while it was down is lost; `down`: not receiving. */
export type SubscriptionStatus = (up: boolean) => void;

/** Sent by a subscription to itself to learn that it receives again; never handed to listeners. */
const PROBE = 'probe:';
const PROBE_EVERY_MS = 250;

/**
 * One channel, on a connection of its own (a subscribed connection runs no other command), in the
 * configured topology. Standalone: node-redis subscribes again after a reconnect and says so
 * ('ready'). Sentinel and Cluster clients move their subscription to the new master or node
 * without telling, so after any failure this publishes probes until one comes back.
 * On a Cluster this is classic pub/sub: a PUBLISH to any node reaches subscribers on every node.
 */
export class RedisSubscription {
  private readonly logger = new Logger('RedisSubscription');
  private client?: RedisClientType | RedisClusterType | RedisSentinelType;
  private subscribed = false;
  private closing = false;
  private probe?: { id: string; timer: NodeJS.Timeout };

  constructor(
    private readonly redis: RedisConnection,
    private readonly channel: string,
    private readonly onMessage: (raw: string) => void,
    private readonly onStatus: SubscriptionStatus,
  ) {}

  /** Not awaited by boot: nothing is received until the subscription is up. */
  start(): void {
    const { client, kind } = createTopologyClient(this.redis.config.redis, true);
    this.client = client;
    const down = (): void => this.down(kind !== 'standalone');
    client.on('error', down);
    if (kind === 'standalone') {
      client.on('end', down);
      client.on('reconnecting', down);
      client.on('ready', () => {
        if (this.subscribed) this.onStatus(true);
      });
    } else if (kind === 'sentinel') {
      client.on('topology-change', down);
    } else {
      const cluster = client as RedisClusterType;
      cluster.on('node-error', down);
      cluster.on('node-reconnecting', down);
      followFailovers(
        cluster,
        () => this.closing,
        () => cluster.pubSubNode?.client.isReady ?? false,
      );
    }
    client
      .connect()
      .then(() => (client as RedisClientType).subscribe(this.channel, (raw: string) => this.received(raw)))
      .then(() => {
        this.subscribed = true;
        this.onStatus(true);
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: String(error) }, `cannot subscribe to ${this.channel}`);
      });
  }

  private received(raw: string): void {
    if (!raw.startsWith(PROBE)) return this.onMessage(raw);
    if (this.probe && raw === PROBE + this.probe.id) {
      clearInterval(this.probe.timer);
      this.probe = undefined;
      this.onStatus(true);
    }
  }

  private down(probe: boolean): void {
    this.onStatus(false);
    if (!probe || !this.subscribed || this.probe || this.closing) return;
    const id = randomUUID();
    const timer = setInterval(() => {
      this.redis.client.publish(this.channel, PROBE + id).catch(() => undefined);
    }, PROBE_EVERY_MS);
    timer.unref();
    this.probe = { id, timer };
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.probe) clearInterval(this.probe.timer);
    this.onStatus(false);
    if (this.client) await closeClient(this.client, true, this.redis.timeoutMs);
  }
}
