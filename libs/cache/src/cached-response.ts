import { createHash } from 'node:crypto';
import { compressBody, type StoredEncoding } from './content-encoding';

/**
 * One stored response: the body compressed once at fill and written out as stored on every hit
 * (decoded only for a client that does not accept the coding).
 */
export interface CachedResponse {
  readonly storedAtMs: number;
  readonly ttlMs: number;
  readonly status: number;
  /** Strong ETag of the data (the uncompressed body); the same bytes always give the same tag. */
  readonly etag: string;
  readonly contentType: string;
  /** The content-coding of `body`. */
  readonly encoding: StoredEncoding;
  readonly body: Buffer;
}

const FORMAT_VERSION = 2;
const HEADER_BYTES = 1 + 8 + 4 + 2 + 1 + 1 + 1;
const ENCODINGS: readonly StoredEncoding[] = ['identity', 'gzip'];

/** Builds the entry of a fresh (uncompressed) body: hashed, then compressed, once. */
export function cachedResponse(
  body: Buffer,
  ttlMs: number,
  contentType: string,
  nowMs = Date.now(),
): CachedResponse {
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  const stored = compressBody(body);
  return {
    storedAtMs: nowMs,
    ttlMs,
    status: 200,
    etag,
    contentType,
    encoding: stored.encoding,
    body: stored.body,
  };
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
  header.writeUInt8(ENCODINGS.indexOf(entry.encoding), 17);
  return Buffer.concat([header, etag, type, entry.body]);
}

/** Undefined for anything not written by this version (a format change then reads as a miss). */
export function decodeCachedResponse(raw: Buffer): CachedResponse | undefined {
  if (raw.length < HEADER_BYTES || raw.readUInt8(0) !== FORMAT_VERSION) return undefined;
  const etagEnd = HEADER_BYTES + raw.readUInt8(15);
  const typeEnd = etagEnd + raw.readUInt8(16);
  const encoding = ENCODINGS[raw.readUInt8(17)];
  if (typeEnd > raw.length || encoding === undefined) return undefined;
  return {
    storedAtMs: raw.readDoubleBE(1),
    ttlMs: raw.readUInt32BE(9),
    status: raw.readUInt16BE(13),
    etag: raw.toString('latin1', HEADER_BYTES, etagEnd),
    contentType: raw.toString('latin1', etagEnd, typeEnd),
    encoding,
    body: raw.subarray(typeEnd),
  };
}
