import { createHash } from 'node:crypto';

/** One stored response: the exact bytes sent on a miss, written out again on every hit. */
export interface CachedResponse {
  readonly storedAtMs: number;
  readonly ttlMs: number;
  readonly status: number;
  readonly etag: string;
  readonly contentType: string;
  readonly body: Buffer;
}

const FORMAT_VERSION = 1;
const HEADER_BYTES = 1 + 8 + 4 + 2 + 1 + 1;

export function cachedResponse(
  body: Buffer,
  ttlMs: number,
  contentType: string,
  nowMs = Date.now(),
): CachedResponse {
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  return { storedAtMs: nowMs, ttlMs, status: 200, etag, contentType, body };
}

/**
 * A fixed binary header then the body: decoding a hit is a few buffer reads, no JSON parse of
 * the (possibly large) body, which is what makes the stock Keyv path slow.
 */
export function encodeCachedResponse(entry: CachedResponse): Buffer {
  const etag = Buffer.from(entry.etag, 'latin1');
  const type = Buffer.from(entry.contentType, 'latin1');
  const header = Buffer.allocUnsafe(HEADER_BYTES);
  header.writeUInt8(FORMAT_VERSION, 0);
  header.writeDoubleBE(entry.storedAtMs, 1);
  header.writeUInt32BE(entry.ttlMs, 9);
  header.writeUInt16BE(entry.status, 13);
  header.writeUInt8(etag.length, 15);
  header.writeUInt8(type.length, 16);
  return Buffer.concat([header, etag, type, entry.body]);
}

/** Undefined for anything not written by this version (a format change then reads as a miss). */
export function decodeCachedResponse(raw: Buffer): CachedResponse | undefined {
  if (raw.length < HEADER_BYTES || raw.readUInt8(0) !== FORMAT_VERSION) return undefined;
  const etagEnd = HEADER_BYTES + raw.readUInt8(15);
  const typeEnd = etagEnd + raw.readUInt8(16);
  if (typeEnd > raw.length) return undefined;
  return {
    storedAtMs: raw.readDoubleBE(1),
    ttlMs: raw.readUInt32BE(9),
    status: raw.readUInt16BE(13),
    etag: raw.toString('latin1', HEADER_BYTES, etagEnd),
    contentType: raw.toString('latin1', etagEnd, typeEnd),
    body: raw.subarray(typeEnd),
  };
}
