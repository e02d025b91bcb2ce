import type { RedisTopology } from './app-config';
import { ConfigError } from './config-error';

/** What loadConfig hands over: the variables as given (REDIS_URL only when set explicitly). */
export interface RedisTopologyEnv {
  readonly REDIS_URL?: string;
  readonly REDIS_SENTINELS?: string;
  readonly REDIS_SENTINEL_NAME?: string;
  readonly REDIS_CLUSTER_NODES?: string;
  readonly REDIS_TLS_CA_FILE?: string;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function invalid(message: string): never {
  throw new ConfigError(`Invalid configuration: ${message}`);
}

/**
 * node-redis parses URLs only when the client is built, and its errors carry the whole URL —
 * password included — so a URL it cannot take fails here, without echoing it.
 */
function parseUrl(variable: string, url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
    decodeURIComponent(parsed.username + parsed.password);
  } catch {
    invalid(`${variable}: not a valid URL (percent-encode "/", "?", "#" and "%" in the password)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    invalid(`${variable}: every entry must be a redis:// or rediss:// URL`);
  }
  return parsed;
}

/** `host:port` or a redis[s]:// URL; every entry with the same scheme and credentials. */
function nodeList(variable: string, value: string, bareHostPort: boolean): string[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) invalid(`${variable}: list at least one node`);
  const urls = entries.map((entry) => {
    const url = bareHostPort && !entry.includes('://') ? `redis://${entry}` : entry;
    const parsed = parseUrl(variable, url);
    if (parsed.hostname === '' || parsed.port === '')
      invalid(`${variable}: each node needs a host and a port`);
    return { url, parsed };
  });
  const access = ({ parsed }: { parsed: URL }): string =>
    `${parsed.protocol}${parsed.username}:${parsed.password}`;
  if (new Set(urls.map(access)).size > 1) {
    invalid(`${variable}: every node must use the same scheme (redis:// or rediss://) and credentials`);
  }
  return urls.map(({ url }) => url);
}

/** Exactly one topology; TLS settings only with rediss://. Throws ConfigError with one line. */
export function redisTopology(env: RedisTopologyEnv): RedisTopology {
  const given = (['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const).filter(
    (name) => env[name] !== undefined,
  );
  if (given.length > 1) {
    invalid(
      `set one Redis topology: ${given.join(' and ')} are both set (REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES)`,
    );
  }
  if ((env.REDIS_SENTINELS === undefined) !== (env.REDIS_SENTINEL_NAME === undefined)) {
    invalid('REDIS_SENTINELS and REDIS_SENTINEL_NAME must be set together');
  }
  let topology: RedisTopology;
  let scheme: string;
  if (env.REDIS_SENTINELS !== undefined) {
    const nodes = nodeList('REDIS_SENTINELS', env.REDIS_SENTINELS, true);
    topology = { kind: 'sentinel', nodes, name: env.REDIS_SENTINEL_NAME as string };
    scheme = new URL(nodes[0]).protocol;
  } else if (env.REDIS_CLUSTER_NODES !== undefined) {
    const nodes = nodeList('REDIS_CLUSTER_NODES', env.REDIS_CLUSTER_NODES, false);
    topology = { kind: 'cluster', nodes };
    scheme = new URL(nodes[0]).protocol;
  } else {
    const url = env.REDIS_URL ?? DEFAULT_REDIS_URL;
    scheme = parseUrl('REDIS_URL', url).protocol;
    topology = { kind: 'standalone' };
  }
  if (env.REDIS_TLS_CA_FILE !== undefined && scheme !== 'rediss:') {
    invalid(`REDIS_TLS_CA_FILE: set, but ${given[0] ?? 'REDIS_URL'} is not rediss:// (TLS)`);
  }
  return topology;
}
