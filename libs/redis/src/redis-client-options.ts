import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';

type TlsSocket = { readonly tls: true } & Pick<ConnectionOptions, 'ca' | 'servername'>;

export interface RedisClientConnectOptions {
  /** May hold credentials (rediss://user:password@host:port): never log it. */
  readonly url: string;
  /** Set for rediss:// only; node-redis takes TLS itself from the scheme. */
  readonly socket?: TlsSocket;
}

/** Credentials and TLS of a node, for clients given host and port apart (Sentinel, Cluster). */
export interface RedisNodeAccess {
  readonly username?: string;
  readonly password?: string;
  readonly socket?: TlsSocket;
}

function tlsSocket(tlsCaFile: string | undefined, servername?: string): TlsSocket {
  return {
    tls: true,
    ...(servername ? { servername } : {}),
    // Replaces the public CAs rather than adding to them, as Node's `ca` does.
    ...(tlsCaFile ? { ca: readFileSync(tlsCaFile) } : {}),
  };
}

/**
 * How a client of one server connects: the URL (credentials, rediss:// = TLS) plus, over TLS,
 * the server name and the private CA of `REDIS_TLS_CA_FILE`.
 */
export function redisClientOptions(url: string, tlsCaFile?: string): RedisClientConnectOptions {
  const { protocol, hostname } = new URL(url);
  if (protocol !== 'rediss:') return { url };
  // Node sends no SNI unless told to; endpoints that share an address and route by server name
  // (TLS proxies, private links of managed Redis) drop such handshakes. SNI never carries an IP.
  const byName = isIP(hostname.replace(/^\[(.*)\]$/, '$1')) === 0;
  return { url, socket: tlsSocket(tlsCaFile, byName ? hostname : undefined) };
}

/**
 * The credentials and TLS of a node URL, for every connection of a Sentinel or Cluster client:
 * those clients learn the other nodes' addresses from Redis, so only the access is shared. No SNI:
 * the nodes are reached by the addresses Redis reports.
 */
export function redisNodeAccess(url: string, tlsCaFile?: string): RedisNodeAccess {
  const { protocol, username, password } = new URL(url);
  return {
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
    ...(protocol === 'rediss:' ? { socket: tlsSocket(tlsCaFile) } : {}),
  };
}
