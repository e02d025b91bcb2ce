import type { AppConfig } from '@app/config';

/**
 * The environment for a child process (compiled API or CLI) that must use the same stack and
 * the same test prefixes as `config` — and nothing else from this process' environment.
 */
export function childEnv(config: AppConfig, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ELASTICSEARCH_NODE: config.elasticsearch.nodes.join(','),
    REDIS_URL: config.redis.url,
    INDEX_PREFIX: config.elasticsearch.indexPrefix,
    CACHE_KEY_PREFIX: config.cache.keyPrefix,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_READ_PER_MIN: String(config.rateLimit.readPerMinute),
    RATE_LIMIT_WRITE_PER_MIN: String(config.rateLimit.writePerMinute),
    ...extra,
  };
}
