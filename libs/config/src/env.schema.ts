import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const trimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/**
 * The environment contract (documented in the README). Every variable is a string in the
 * environment; numbers are converted strictly so `PORT=80a` is an error, not 80.
 */
export class EnvVars {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @IsString()
  @Transform(trimmed)
  HOST = '127.0.0.1';

  @IsString()
  @Transform(trimmed)
  @Matches(/^https?:\/\/[^\s,]+(,https?:\/\/[^\s,]+)*$/, {
    message: 'ELASTICSEARCH_NODE must be an http(s) URL or a comma-separated list of them',
  })
  ELASTICSEARCH_NODE = 'http://127.0.0.1:9200';

  @IsOptional()
  @IsString()
  @MinLength(1)
  ELASTICSEARCH_API_KEY?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  ELASTICSEARCH_USERNAME?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  ELASTICSEARCH_PASSWORD?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  ELASTICSEARCH_CA_FILE?: string;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  ELASTICSEARCH_TIMEOUT_MS = 5_000;

  // Ask the cluster for its nodes (at start, every minute, after a connection failure) instead of
  // using only ELASTICSEARCH_NODE. Off by default: behind a load balancer or NAT the addresses the
  // nodes publish are often not reachable from the app.
  @IsIn(['true', 'false'], { message: 'ELASTICSEARCH_SNIFF must be true or false' })
  @Transform(trimmed)
  ELASTICSEARCH_SNIFF: 'true' | 'false' = 'false';

  // Replicas of the products index, set when an index is created: `auto` = 0 on one data node,
  // 1 on a cluster (Elasticsearch's auto_expand_replicas 0-1), or an explicit number.
  @IsString()
  @Transform(trimmed)
  @Matches(/^(auto|[0-9])$/, { message: 'INDEX_REPLICAS must be auto or a number from 0 to 9' })
  INDEX_REPLICAS = 'auto';

  @IsString()
  @Transform(trimmed)
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  // Sentinel: the sentinels, `host:port` or `redis[s]://[user:password@]host:port`, comma-separated.
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  REDIS_SENTINELS?: string;

  // Sentinel: the name of the monitored master (`sentinel monitor <name> ...`).
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  @Matches(/^\S+$/, { message: 'REDIS_SENTINEL_NAME must be one word' })
  REDIS_SENTINEL_NAME?: string;

  // Cluster: some of its nodes (seeds), `redis[s]://[user:password@]host:port`, comma-separated.
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  REDIS_CLUSTER_NODES?: string;

  // PEM file of a private CA to trust for rediss:// (public CAs are trusted without it).
  @IsOptional()
  @IsString()
  @MinLength(1)
  REDIS_TLS_CA_FILE?: string;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  REDIS_TIMEOUT_MS = 250;

  // Index names must be lowercase and may not start with -, _ or + (Elasticsearch's rule).
  @IsString()
  @Transform(trimmed)
  @MaxLength(64)
  @Matches(/^[a-z0-9][a-z0-9._-]*$/, {
    message: 'INDEX_PREFIX must be lowercase letters, digits, ".", "_" or "-", not starting with a symbol',
  })
  INDEX_PREFIX = 'catalog';

  @IsString()
  @Transform(trimmed)
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, {
    message: 'CACHE_KEY_PREFIX must be letters, digits, ".", "_", ":" or "-"',
  })
  CACHE_KEY_PREFIX = 'catalog';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  CACHE_TTL_MS = 60_000;

  // Per-route TTLs; each defaults to CACHE_TTL_MS.
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  CACHE_SEARCH_TTL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  CACHE_SUGGEST_TTL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400_000)
  CACHE_PRODUCT_TTL_MS?: number;

  // After the TTL, serve the old copy (X-Cache: STALE) while one refresh runs. 0 = off, so a
  // request after the TTL is a plain MISS.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  CACHE_SWR_MS = 0;

  // How long past its TTL a copy may still stand in when Elasticsearch fails.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  CACHE_STALE_IF_ERROR_MS = 300_000;

  // Longest a fill lock is held; concurrent misses wait at most this long for the one query.
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120_000)
  CACHE_LOCK_TTL_MS = 10_000;

  // How long a write may take to change which products a cached search lists, or their order
  // (writes within one window — half of it — move a generation once; for the other half the copy from
  // before a move is served STALE while it refreshes). 0 = strict: retired before the write returns.
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  CACHE_SEARCH_MAX_STALENESS_MS = 1_000;

  // In-process tier of cached responses, bounded by bytes (LRU); 0 = off. Default by measurement (bench/README.md).
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(4_294_967_295)
  CACHE_L1_MAX_BYTES = 64 * 1024 * 1024;

  // Longest an in-process copy is served after it was read from Redis, and longest an instance trusts
  // the generations it knows without reading them again: the bound on staleness when an invalidation
  // push is lost or the push channel is down.
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60_000)
  CACHE_L1_MAX_AGE_MS = 1_000;

  // After a purge or reindex, how many of the last 24 h's most requested queries one instance
  // replays to warm the new generation (0: no warming).
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000)
  CACHE_WARM_TOP_N = 100;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters' })
  ADMIN_API_KEY?: string;

  // Requests per minute per client IP, counted in Redis so every instance shares them; 0 = off.
  // Reads: GET of search, suggest and products (cache hits included). Writes: everything else.
  // The read maximum leaves room for one address carrying a whole storefront (a gateway, a BFF).
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  RATE_LIMIT_READ_PER_MIN = 600;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_WRITE_PER_MIN = 60;

  // Browser origins allowed to call the API (comma-separated, exact). Unset: no CORS headers.
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  @Matches(/^https?:\/\/[^\s,/]+(,\s*https?:\/\/[^\s,/]+)*$/, {
    message: 'CORS_ORIGINS must be a comma-separated list of origins such as https://shop.example.com',
  })
  CORS_ORIGINS?: string;

  // Which proxies' X-Forwarded-For to believe for the client address (rate limits, logs): `false`,
  // a hop count, or a comma list of proxy addresses/CIDRs. Parsed in load-config.
  @IsOptional()
  @IsString()
  @Transform(trimmed)
  TRUST_PROXY?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  // auto: pretty one-liners when stdout is a terminal and NODE_ENV=development, JSON otherwise.
  @IsIn(LOG_FORMATS)
  LOG_FORMAT: LogFormat = 'auto';
}
