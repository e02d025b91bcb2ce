import { constants, gunzipSync, gzipSync } from 'node:zlib';

/** The content-coding of a stored body. */
export type StoredEncoding = 'identity' | 'gzip';

/**
 * Stored bodies are compressed once, at fill, with gzip: every HTTP client accepts it (browsers
 * offer brotli only over HTTPS), so a hit is nearly always the stored bytes as they are. Level
 * and the brotli comparison: bench/README.md ("Stored entries: gzip or brotli").
 */
const GZIP_LEVEL = 6;

/** The body as stored: compressed unless that would not make it smaller (tiny bodies). */
export function compressBody(body: Buffer): { body: Buffer; encoding: StoredEncoding } {
  const packed = gzipSync(body, { level: GZIP_LEVEL, memLevel: constants.Z_DEFAULT_MEMLEVEL });
  return packed.length < body.length ? { body: packed, encoding: 'gzip' } : { body, encoding: 'identity' };
}

export function decodeBody(body: Buffer, encoding: StoredEncoding): Buffer {
  return encoding === 'gzip' ? gunzipSync(body) : body;
}

const acceptCache = new Map<string, boolean>();
const ACCEPT_CACHE_LIMIT = 256;

/**
 * Whether an `Accept-Encoding` value admits a coding (RFC 9110 §12.5.3): listed with q > 0, or
 * not listed and `*` has q > 0. No header at all is answered with identity, as clients without
 * one expect. Memoized: clients send few distinct values, and this runs on every hit.
 */
export function acceptsEncoding(acceptEncoding: string | undefined, coding: StoredEncoding): boolean {
  if (coding === 'identity') return true;
  if (!acceptEncoding) return false;
  const key = `${coding}\n${acceptEncoding}`;
  const known = acceptCache.get(key);
  if (known !== undefined) return known;
  const accepted = parseAccepts(acceptEncoding, coding);
  if (acceptCache.size >= ACCEPT_CACHE_LIMIT) acceptCache.clear();
  acceptCache.set(key, accepted);
  return accepted;
}

function parseAccepts(acceptEncoding: string, coding: string): boolean {
  let wildcard: number | undefined;
  for (const element of acceptEncoding.split(',')) {
    const [rawName, ...params] = element.split(';');
    const name = rawName.trim().toLowerCase();
    const q = qualityOf(params);
    // x-gzip is gzip (RFC 9110 §8.4.1.3).
    if (name === coding || (coding === 'gzip' && name === 'x-gzip')) return q > 0;
    if (name === '*') wildcard = q;
  }
  return wildcard !== undefined && wildcard > 0;
}

function qualityOf(params: readonly string[]): number {
  for (const param of params) {
    const [name, value] = param.split('=');
    if (name.trim().toLowerCase() === 'q') {
      const q = Number(value?.trim());
      return Number.isFinite(q) ? q : 0;
    }
  }
  return 1;
}
