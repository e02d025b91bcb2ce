import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  createClient,
  createCluster,
  createSentinel,
  type RedisClientType,
  type RedisClusterType,
  type RedisSentinelType,
  type TypeMapping,
} from '@redis/client';
import { AppConfig, type RedisTopology } from '@app/config';
import { CircuitBreaker } from './circuit-breaker';
import { type LuaScript } from './lua-script';
import { redisClientOptions, redisNodeAccess } from './redis-client-options';
import { withTimeout } from './with-timeout';

const MAX_RECONNECT_DELAY_MS = 2_000;
/** How often a Cluster client re-reads the slot map while one of its masters is unreachable. */
const REDISCOVER_EVERY_MS = 500;
const SCAN_COUNT = 500;

type AnyClient = RedisClientType | RedisClusterType | RedisSentinelType;
type Common = Extract<keyof RedisClientType, keyof RedisClusterType> & keyof RedisSentinelType;

/**
 * The commands every topology runs alike (routed by their first key on a Cluster). Node-local
 * commands and the connection's lifecycle are left out on purpose: SCAN goes through `scan()`
 * (every master of a Cluster), subscriptions through RedisSubscription (a connection of their own).
 */
export type RedisCommands = Omit<
  Pick<RedisClusterType, Common>,
  'scanIterator' | 'scan' | 'keys' | 'duplicate' | 'connect' | 'close' | 'destroy' | 'quit' | 'disconnect'
>;

const reconnectStrategy = (retries: number): number => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS);

/** A client of the configured topology, not connected. `subscriber`: for a connection that only subscribes. */
export function createTopologyClient(
  redis: AppConfig['redis'],
  subscriber = false,
  typeMapping?: TypeMapping,
): { client: AnyClient; kind: RedisTopology['kind'] } {
  const topology = redis.topology;
  const socket = { connectTimeout: Math.max(redis.timeoutMs, 1_000), reconnectStrategy };
  switch (topology.kind) {
    case 'standalone': {
      const options = redisClientOptions(redis.url, redis.tlsCaFile);
      return {
        kind: 'standalone',
        client: createClient({
          ...options,
          disableOfflineQueue: true,
          socket: { ...options.socket, ...socket },
        }),
      };
    }
    case 'sentinel': {
      const access = redisNodeAccess(topology.nodes[0], redis.tlsCaFile);
      const clientOptions = { ...access, disableOfflineQueue: true, socket: { ...access.socket, ...socket } };
      return {
        kind: 'sentinel',
        client: createSentinel({
          name: topology.name,
          sentinelRootNodes: topology.nodes.map((url) => {
            const { hostname, port } = new URL(url);
            return { host: hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(port) };
          }),
          nodeClientOptions: clientOptions,
          sentinelClientOptions: clientOptions,
          // The client keeps looking for a master (once a second) rather than giving up: while it
          // looks, callers time out (REDIS_TIMEOUT_MS) and bypass the cache.
          maxCommandRediscovers: Number.MAX_SAFE_INTEGER,
          // A master's connection errors reach 'error' (else they stay inside the client, and a
          // dead master would go unlogged).
          passthroughClientErrorEvents: true,
          ...(typeMapping ? { commandOptions: { typeMapping } } : {}),
        }),
      };
    }
    case 'cluster': {
      const access = redisNodeAccess(topology.nodes[0], redis.tlsCaFile);
      return {
        kind: 'cluster',
        client: createCluster({
          rootNodes: topology.nodes.map((url) => ({ url })),
          defaults: { ...access, disableOfflineQueue: true, socket: { ...access.socket, ...socket } },
          // A subscriber needs one node (PUBLISH reaches every node of a Cluster), not all.
          minimizeConnections: subscriber,
        }),
      };
    }
  }
}

/**
 * The one Redis connection of the process, on a standalone server, a Sentinel-managed master or a
 * Cluster (AppConfig.redis.topology). Commands fail fast instead of queueing while Redis is away
 * (no offline queue), and the client reconnects (or finds the new master) on its own. Callers
 * bound each call with `withTimeout` — not node-redis's `commandOptions.timeout`, which covers only
 * the wait to be written and costs an `AbortSignal.timeout` per command whose timer still fires
 * (and builds a DOMException) after the reply: about a quarter of a cache hit's CPU (bench/README.md).
 */
@Injectable()
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnection.name);
  /** Commands common to every topology; multi-key commands must keep to one hash slot. */
  readonly client: RedisCommands;
  readonly topology: RedisTopology['kind'];
  readonly timeoutMs: number;
  private readonly raw: AnyClient;
  /** Sentinel only: one client per reply type mapping (see sentinelWithMapping). */
  private readonly mapped: RedisSentinelType[] = [];
  private readonly breakers: CircuitBreaker[] = [];
  /** The clients that failed since they last worked (Sentinel: one per reply type mapping). */
  private readonly failing = new Set<AnyClient>();
  private clusterUp = false;
  private closing = false;
  private lastError?: string;

  constructor(readonly config: AppConfig) {
    this.timeoutMs = config.redis.timeoutMs;
    const { client, kind } = createTopologyClient(config.redis);
    this.raw = client;
    this.topology = kind;
    this.client = client as unknown as RedisCommands;
    client.on('error', (error: unknown) => this.onError(error));
    if (kind === 'sentinel') {
      this.client = new Proxy(client, {
        get: (target, property, receiver) =>
          property === 'withTypeMapping'
            ? (mapping: TypeMapping) => this.sentinelWithMapping(mapping)
            : (Reflect.get(target, property, receiver) as unknown),
      }) as unknown as RedisCommands;
    }
    if (kind === 'standalone') {
      client.on('ready', () => this.restored());
    } else if (kind === 'sentinel') {
      this.followMaster(client as RedisSentinelType);
    } else {
      const cluster = client as RedisClusterType;
      cluster.on('node-error', (error: unknown) => this.onError(error));
      followFailovers(
        cluster,
        () => this.closing,
        () => allMastersReady(cluster),
        () => this.restored(),
      );
    }
  }

  /** Not awaited: the API boots and serves (bypassing the cache) while Redis is down. */
  onModuleInit(): void {
    void this.connect(0);
  }

  /**
   * A standalone client and a Sentinel client retry on their own; a Cluster client that could not
   * read the slot map gives up, so it is asked again.
   */
  private async connect(attempt: number): Promise<void> {
    try {
      await this.raw.connect();
      if (this.topology === 'cluster') {
        this.clusterUp = true;
        this.restored();
      } else if (this.topology === 'sentinel') this.restored();
    } catch (error) {
      this.onError(error);
      if (this.topology !== 'cluster' || this.closing) return;
      setTimeout(() => void this.connect(attempt + 1), reconnectStrategy(attempt)).unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    await Promise.all([
      closeClient(this.raw, this.isReady, this.timeoutMs),
      ...this.mapped.map((sentinel) => closeClient(sentinel, sentinel.isReady, this.timeoutMs)),
    ]);
  }

  /**
   * node-redis's Sentinel client keeps its command options on the shared instance, so its
   * withTypeMapping() would change the replies of every caller (Buffers for all). A mapping gets
   * a Sentinel client of its own instead.
   */
  private sentinelWithMapping(mapping: TypeMapping): RedisCommands {
    const { client } = createTopologyClient(this.config.redis, false, mapping);
    const sentinel = client as RedisSentinelType;
    sentinel.on('error', (error: unknown) => this.onError(error, sentinel));
    this.followMaster(sentinel);
    this.mapped.push(sentinel);
    void this.connectMapped(sentinel);
    return sentinel as unknown as RedisCommands;
  }

  /** A Sentinel client that opened its connections to a (new) master has recovered. */
  private followMaster(sentinel: RedisSentinelType): void {
    sentinel.on('topology-change', (event: { type: string }) => {
      if (event.type === 'MASTER_CHANGE') this.restored(sentinel);
    });
  }

  private async connectMapped(sentinel: RedisSentinelType): Promise<void> {
    try {
      await sentinel.connect();
    } catch (error) {
      this.onError(error, sentinel);
    }
  }

  get isReady(): boolean {
    if (this.topology === 'cluster') return this.clusterUp && (this.raw as RedisClusterType).isOpen;
    return (this.raw as RedisClientType | RedisSentinelType).isReady;
  }

  /**
   * A circuit breaker for calls on this connection, closed as soon as the connection is back (a
   * failover ends) rather than at its next probe.
   */
  circuitBreaker(): CircuitBreaker {
    const breaker = new CircuitBreaker();
    this.breakers.push(breaker);
    return breaker;
  }

  /** For callers that must not give up at once (CLI commands right after start, invalidation). */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isReady) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return true;
  }

  /** The keys matching `pattern`, in batches; on a Cluster, from every master. */
  async *scan(pattern: string): AsyncGenerator<string[]> {
    if (this.topology === 'standalone') {
      yield* (this.raw as RedisClientType).scanIterator({ MATCH: pattern, COUNT: SCAN_COUNT });
      return;
    }
    if (this.topology === 'cluster') {
      const cluster = this.raw as RedisClusterType;
      for (const master of cluster.masters) {
        const node = await cluster.nodeClient(master);
        yield* node.scanIterator({ MATCH: pattern, COUNT: SCAN_COUNT });
      }
      return;
    }
    // Sentinel: SCAN on the master, cursor by cursor (its pool has no scanIterator).
    const sentinel = this.raw as RedisSentinelType;
    let cursor = '0';
    do {
      const reply = await sentinel.scan(cursor, { MATCH: pattern, COUNT: SCAN_COUNT });
      cursor = String(reply.cursor);
      if (reply.keys.length > 0) yield reply.keys;
    } while (cursor !== '0');
  }

  /** EVALSHA, or EVAL once when Redis lost its script cache (after a restart or a failover). */
  async evalScript(script: LuaScript, keys: string[], args: (string | Buffer)[]): Promise<unknown> {
    try {
      return await this.client.evalSha(script.sha1, { keys, arguments: args });
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return this.client.eval(script.source, { keys, arguments: args });
    }
  }

  /** `client` works again; once every client does, the connection is back. */
  private restored(client: AnyClient = this.raw): void {
    if (!this.failing.delete(client) || this.failing.size > 0) return;
    this.lastError = undefined;
    this.logger.log('redis connection restored');
    for (const breaker of this.breakers) breaker.succeeded();
  }

  private onError(error: unknown, client: AnyClient = this.raw): void {
    this.failing.add(client);
    const message = error instanceof Error ? error.message : String(error);
    // One line per distinct failure, not one per reconnect attempt.
    if (message !== this.lastError) this.logger.warn({ err: message }, 'redis unavailable');
    this.lastError = message;
  }
}

function allMastersReady(cluster: RedisClusterType): boolean {
  return cluster.masters.every((master) => master.client === undefined || master.client.isReady);
}

/**
 * node-redis re-reads a Cluster's slot map on MOVED/ASK replies only; a master that died answers
 * nothing, so its slots would stay pointed at it after its replica took over. While some node it
 * uses is unreachable, the slot map is read again every REDISCOVER_EVERY_MS (from any seed node),
 * until every node answers again (`recovered`).
 */
export function followFailovers(
  cluster: RedisClusterType,
  closing: () => boolean,
  healthy: () => boolean,
  recovered: () => void = () => undefined,
): void {
  let timer: NodeJS.Timeout | undefined;
  const seeds = cluster._options.rootNodes;
  const tick = (): void => {
    timer = undefined;
    if (closing() || !cluster.isOpen) return;
    if (healthy()) return recovered();
    const seed = seeds[Math.floor(Math.random() * seeds.length)];
    // rediscover() reads the slot map through the node it is given (then through the seeds); a
    // seed's options stand in for that node's client.
    cluster._slots
      .rediscover({ options: seed } as unknown as Parameters<typeof cluster._slots.rediscover>[0])
      .catch(() => undefined)
      .finally(() => {
        timer ??= setTimeout(tick, REDISCOVER_EVERY_MS);
        timer.unref();
      });
  };
  const nodeDown = (): void => {
    if (timer || closing()) return;
    timer = setTimeout(tick, REDISCOVER_EVERY_MS);
    timer.unref();
  };
  cluster.on('node-error', nodeDown);
  cluster.on('node-reconnecting', nodeDown);
}

/** close() lets pending commands finish; a hung or unreachable Redis must not hold the shutdown. */
export async function closeClient(client: AnyClient, ready: boolean, timeoutMs: number): Promise<void> {
  if (!client.isOpen) return;
  if (!ready) return void (await client.destroy());
  try {
    await withTimeout(client.close(), timeoutMs * 4);
  } catch {
    if (client.isOpen) await client.destroy();
  }
}
