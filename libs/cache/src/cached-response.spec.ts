import { gunzipSync } from 'node:zlib';
import { cachedResponse, decodeCachedResponse, encodeCachedResponse } from './cached-response';

const JSON_TYPE = 'application/json; charset=utf-8';

describe('cached response codec', () => {
  const body = Buffer.from(JSON.stringify({ hits: [{ id: 'p1', title: 'Café ☕' }], total: 1 }));
  // Large and repetitive enough that gzip makes it smaller, like a real search body.
  const large = Buffer.from(
    JSON.stringify({
      hits: Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, title: 'Wireless headphones' })),
    }),
  );

  it('round-trips every field and the exact body bytes', () => {
    const entry = cachedResponse(body, 60_000, JSON_TYPE, 1_732_000_000_123.5);
    const decoded = decodeCachedResponse(encodeCachedResponse(entry));
    expect(decoded).toEqual(entry);
    expect(decoded?.body.equals(body)).toBe(true);
  });

  it('stores a body compressed once when that makes it smaller, and keeps tiny ones as they are', () => {
    const entry = cachedResponse(large, 60_000, JSON_TYPE);
    expect(entry.encoding).toBe('gzip');
    expect(entry.body.length).toBeLessThan(large.length / 2);
    expect(gunzipSync(entry.body).equals(large)).toBe(true);
    expect(decodeCachedResponse(encodeCachedResponse(entry))).toEqual(entry);
    expect(cachedResponse(Buffer.from('{"a":1}'), 1, JSON_TYPE)).toMatchObject({ encoding: 'identity' });
  });

  it('round-trips binary and empty bodies', () => {
    const binary = Buffer.from([0, 255, 1, 254, 0xc3, 0x28]);
    expect(decodeCachedResponse(encodeCachedResponse(cachedResponse(binary, 1, JSON_TYPE)))?.body).toEqual(
      binary,
    );
    const empty = cachedResponse(Buffer.alloc(0), 1, JSON_TYPE);
    expect(decodeCachedResponse(encodeCachedResponse(empty))).toEqual(empty);
  });

  it('derives a strong, quoted ETag from the uncompressed body alone', () => {
    const a = cachedResponse(large, 1_000, JSON_TYPE, 1);
    const b = cachedResponse(Buffer.from(large), 5_000, JSON_TYPE, 2);
    const c = cachedResponse(Buffer.from(`${large.toString()} `), 1_000, JSON_TYPE, 1);
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(a.etag).toBe(b.etag);
    expect(c.etag).not.toBe(a.etag);
    expect(a.status).toBe(200);
  });

  it('rejects garbage, truncated entries, unknown codings and other format versions', () => {
    const encoded = encodeCachedResponse(cachedResponse(body, 1_000, JSON_TYPE));
    expect(decodeCachedResponse(Buffer.alloc(0))).toBeUndefined();
    expect(decodeCachedResponse(Buffer.from('{"not":"an entry"}'))).toBeUndefined();
    expect(decodeCachedResponse(encoded.subarray(0, 10))).toBeUndefined();
    // Header intact, but the etag and content type it announces are cut off.
    expect(decodeCachedResponse(encoded.subarray(0, 20))).toBeUndefined();
    const unknownCoding = Buffer.from(encoded);
    unknownCoding.writeUInt8(9, 17);
    expect(decodeCachedResponse(unknownCoding)).toBeUndefined();
    const otherVersion = Buffer.from(encoded);
    otherVersion.writeUInt8(1, 0);
    expect(decodeCachedResponse(otherVersion)).toBeUndefined();
  });
});
