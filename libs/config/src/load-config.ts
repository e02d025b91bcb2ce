import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { type AppConfig } from './app-config';
import { ConfigError } from './config-error';
import { ENV_FILE_PATHS, readEnvFiles } from './env-files';
import { redisTopology } from './redis-topology';
import { parseTrustProxy } from './trust-proxy';
import { EnvVars } from './env.schema';

export { ConfigError };

type RawEnv = Readonly<Record<string, string | undefined>>;

function describe(errors: ValidationError[]): string {
  return errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`).join(' | ');
}

// An empty variable means "not set", as with `KEY=` lines in compose files.
function withoutEmpty(raw: RawEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}

function invalid(message: string): never {
  throw new ConfigError(`Invalid configuration: ${message}`);
}

/** The clients read CA files when they are built; a wrong path fails the boot here, by name. */
function checkCaFile(variable: string, path: string | undefined): void {
  if (path === undefined) return;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    invalid(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) invalid(`${variable}: ${path} holds no PEM certificate`);
}

/** Validates a raw environment into the typed config; throws ConfigError with one readable line. */
export function loadConfig(raw: RawEnv): AppConfig {
  const env = plainToInstance(EnvVars, withoutEmpty(raw));
  const errors = validateSync(env, { forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(`Invalid configuration: ${describe(errors)}`);
  if ((env.ELASTICSEARCH_USERNAME === undefined) !== (env.ELASTICSEARCH_PASSWORD === undefined)) {
    invalid('ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD must be set together');
  }
  const given = withoutEmpty(raw);
  const topology = redisTopology({
    ...env,
    REDIS_URL: given.REDIS_URL === undefined ? undefined : env.REDIS_URL,
  });
  checkCaFile('REDIS_TLS_CA_FILE', env.REDIS_TLS_CA_FILE);
  checkCaFile('ELASTICSEARCH_CA_FILE', env.ELASTICSEARCH_CA_FILE);
  return {
    env: env.NODE_ENV,
    http: { host: env.HOST, port: env.PORT, trustProxy: parseTrustProxy(env.TRUST_PROXY) },
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    elasticsearch: {
      nodes: env.ELASTICSEARCH_NODE.split(','),
      apiKey: env.ELASTICSEARCH_API_KEY,
      username: env.ELASTICSEARCH_USERNAME,
      password: env.ELASTICSEARCH_PASSWORD,
      caFile: env.ELASTICSEARCH_CA_FILE,
      timeoutMs: env.ELASTICSEARCH_TIMEOUT_MS,
      sniff: env.ELASTICSEARCH_SNIFF === 'true',
      indexReplicas: env.INDEX_REPLICAS === 'auto' ? 'auto' : Number(env.INDEX_REPLICAS),
      indexPrefix: env.INDEX_PREFIX,
    },
    redis: {
      url: env.REDIS_URL,
      topology,
      timeoutMs: env.REDIS_TIMEOUT_MS,
      tlsCaFile: env.REDIS_TLS_CA_FILE,
    },
    cache: {
      keyPrefix: env.CACHE_KEY_PREFIX,
      defaultTtlMs: env.CACHE_TTL_MS,
      routeTtlMs: {
        search: env.CACHE_SEARCH_TTL_MS ?? env.CACHE_TTL_MS,
        suggest: env.CACHE_SUGGEST_TTL_MS ?? env.CACHE_TTL_MS,
        product: env.CACHE_PRODUCT_TTL_MS ?? env.CACHE_TTL_MS,
      },
      staleWhileRevalidateMs: env.CACHE_SWR_MS,
      staleIfErrorMs: env.CACHE_STALE_IF_ERROR_MS,
      lockTtlMs: env.CACHE_LOCK_TTL_MS,
      searchMaxStalenessMs: env.CACHE_SEARCH_MAX_STALENESS_MS,
      l1: { maxBytes: env.CACHE_L1_MAX_BYTES, maxAgeMs: env.CACHE_L1_MAX_AGE_MS },
      warmTopN: env.CACHE_WARM_TOP_N,
    },
    adminApiKey: env.ADMIN_API_KEY,
    rateLimit: { readPerMinute: env.RATE_LIMIT_READ_PER_MIN, writePerMinute: env.RATE_LIMIT_WRITE_PER_MIN },
    corsOrigins: env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',').map((origin) => origin.trim()) : [],
  };
}

/**
 * The one place that reads process.env. Precedence: `overrides`, then the real environment,
 * then `.env` files (a variable set but empty in the environment counts as unset).
 */
export function loadConfigFromProcess(
  overrides: RawEnv = {},
  envFilePaths: readonly string[] = ENV_FILE_PATHS,
): AppConfig {
  return loadConfig({ ...readEnvFiles(envFilePaths), ...withoutEmpty(process.env), ...overrides });
}
