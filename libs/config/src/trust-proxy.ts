import { isIP } from 'node:net';
import type { TrustProxy } from './app-config';
import { ConfigError } from './config-error';

// proxy-addr's (and so Fastify's) names for whole ranges.
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: unset or `false` → trust nobody; a whole number → that many hops; otherwise a comma
 * list of addresses, CIDRs or range names. `true` (trust every hop) is refused: any client could
 * then choose its own address, and with it its own rate limit.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value === '' || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !isProxyAddress(entry));
  if (bad !== undefined) {
    throw new ConfigError(
      `Invalid configuration: TRUST_PROXY must be false, a hop count, or a comma list of proxy addresses/CIDRs (got "${bad}")`,
    );
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const max = family === 4 ? 32 : 128;
  return /^\d+$/.test(bits) && Number(bits) <= max;
}
