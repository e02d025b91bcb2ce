import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { AppConfig } from '@app/config';

export interface RedisClientConnectOptions {
  /** May hold credentials (rediss://user:password@host:port): never log it. */
  readonly url: string;
  /** Set for rediss:// only; node-redis takes TLS itself from the scheme. */
  readonly socket?: { readonly tls: true } & Pick<ConnectionOptions, 'ca' | 'servername'>;
}

/**
 * How every Redis client of the process connects: the URL (credentials, rediss:// = TLS) plus,
 * over TLS, the server name and the private CA of `REDIS_TLS_CA_FILE` (which replaces the public
 * CAs rather than adding to them, as Node's `ca` does).
 */
export function redisClientOptions(redis: AppConfig['redis']): RedisClientConnectOptions {
  const { protocol, hostname } = new URL(redis.url);
  if (protocol !== 'rediss:') return { url: redis.url };
  // Node sends no SNI unless told to; endpoints that share an address and route by server name
  // (TLS proxies, private links of managed Redis) drop such handshakes. SNI never carries an IP.
  const byName = isIP(hostname.replace(/^\[(.*)\]$/, '$1')) === 0;
  return {
    url: redis.url,
    socket: {
      tls: true,
      ...(byName ? { servername: hostname } : {}),
      ...(redis.tlsCaFile ? { ca: readFileSync(redis.tlsCaFile) } : {}),
    },
  };
}
