import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createClient, type RedisClientType } from '@redis/client';
import { AppConfig } from '@app/config';
import { redisClientOptions } from './redis-client-options';
import { withTimeout } from './with-timeout';

const MAX_RECONNECT_DELAY_MS = 2_000;

/**
 * The one Redis connection of the process. Commands fail fast instead of queueing while Redis
 * is away (no offline queue), and the client reconnects on its own. Callers bound each call with
 * `withTimeout` — not node-redis's `commandOptions.timeout`, which covers only the wait to be
 * written and costs an `AbortSignal.timeout` per command whose timer still fires (and builds a
 * DOMException) after the reply: about a quarter of a cache hit's CPU (bench/README.md).
 */
@Injectable()
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnection.name);
  readonly client: RedisClientType;
  readonly timeoutMs: number;
  private lastError?: string;

  constructor(config: AppConfig) {
    this.timeoutMs = config.redis.timeoutMs;
    const options = redisClientOptions(config.redis);
    this.client = createClient({
      ...options,
      disableOfflineQueue: true,
      socket: {
        ...options.socket,
        connectTimeout: Math.max(config.redis.timeoutMs, 1_000),
        reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
      },
    });
    this.client.on('error', (error: Error) => this.onError(error));
    this.client.on('ready', () => {
      if (this.lastError) this.logger.log('redis connection restored');
      this.lastError = undefined;
    });
  }

  /** Not awaited: the API boots and serves (bypassing the cache) while Redis is down. */
  onModuleInit(): void {
    this.client.connect().catch((error: unknown) => this.onError(error));
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client.isOpen) return;
    // close() lets pending commands finish; a client stuck reconnecting has none worth waiting for,
    // and a hung Redis must not hold the shutdown: past a few timeouts the socket is dropped.
    if (!this.client.isReady) return this.client.destroy();
    try {
      await withTimeout(this.client.close(), this.timeoutMs * 4);
    } catch {
      if (this.client.isOpen) this.client.destroy();
    }
  }

  get isReady(): boolean {
    return this.client.isReady;
  }

  /** For callers that must not give up at once (CLI commands right after start, invalidation). */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    if (this.client.isReady) return true;
    return new Promise<boolean>((resolve) => {
      const done = (ready: boolean): void => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ready);
      };
      const onReady = (): void => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', onReady);
    });
  }

  private onError(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    // One line per distinct failure, not one per reconnect attempt.
    if (message !== this.lastError) this.logger.warn({ err: message }, 'redis unavailable');
    this.lastError = message;
  }
}
