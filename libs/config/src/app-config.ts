import type { LogFormat, LogLevel } from './env.schema';

/**
 * Whose X-Forwarded-For names the client: nobody (`false`, the socket's peer is the client), the
 * last N hops, or proxies at these addresses/CIDRs (or proxy-addr's `loopback`, `linklocal`, `uniquelocal`).
 */
export type TrustProxy = false | number | readonly string[];

/**
 * Which Redis: one server (`REDIS_URL`), a master found through Sentinel, or a Cluster. `nodes` are
 * redis[s]:// URLs (the sentinels, or the cluster's seed nodes) sharing one scheme and one set of
 * credentials, which every connection uses (sentinels, master and replicas, cluster nodes alike).
 */
export type RedisTopology =
  | { readonly kind: 'standalone' } // at AppConfig.redis.url
  | { readonly kind: 'sentinel'; readonly nodes: readonly string[]; readonly name: string }
  | { readonly kind: 'cluster'; readonly nodes: readonly string[] };

/** The cached routes, each with its own TTL. */
export type CacheRoute = 'search' | 'suggest' | 'product';

/**
 * Typed, validated configuration. Used directly as the DI token, so consumers inject
 * `AppConfig` and never read the environment themselves.
 */
export abstract class AppConfig {
  abstract readonly env: 'development' | 'production' | 'test';
  abstract readonly http: { readonly host: string; readonly port: number; readonly trustProxy: TrustProxy };
  abstract readonly logLevel: LogLevel;
  abstract readonly logFormat: LogFormat;
  abstract readonly elasticsearch: {
    readonly nodes: readonly string[];
    readonly apiKey?: string;
    readonly username?: string;
    readonly password?: string;
    readonly caFile?: string;
    readonly timeoutMs: number;
    /** Discover the cluster's nodes from the seeds in `nodes` (and again after a connection failure). */
    readonly sniff: boolean;
    /** Replicas of a new products index: `auto` = 0 on one data node, 1 on a cluster. */
    readonly indexReplicas: 'auto' | number;
    readonly indexPrefix: string;
  };
  /**
   * `url` (standalone) and `topology.nodes` may hold credentials (rediss://user:password@host:port):
   * never log them.
   */
  abstract readonly redis: {
    readonly url: string;
    readonly topology: RedisTopology;
    readonly timeoutMs: number;
    readonly tlsCaFile?: string;
  };
  abstract readonly cache: {
    readonly keyPrefix: string;
    readonly defaultTtlMs: number;
    readonly routeTtlMs: Readonly<Record<CacheRoute, number>>;
    readonly staleWhileRevalidateMs: number;
    readonly staleIfErrorMs: number;
    readonly lockTtlMs: number;
    /** Bound on a write changing what a cached search lists or its order; 0 = strict. */
    readonly searchMaxStalenessMs: number;
    /** In-process tier: byte budget (0 = off) and the longest a copy is served after reading it. */
    readonly l1: { readonly maxBytes: number; readonly maxAgeMs: number };
    /** Popular queries replayed after a purge or reindex (CACHE_WARM_TOP_N; 0 = off). */
    readonly warmTopN: number;
  };
  abstract readonly adminApiKey?: string;
  /** Requests per minute per client IP; 0 = no limit. */
  abstract readonly rateLimit: { readonly readPerMinute: number; readonly writePerMinute: number };
  /** Origins allowed by CORS; empty = CORS off (no Access-Control-* headers). */
  abstract readonly corsOrigins: readonly string[];
}
