import { cachedResponse, decodeCachedResponse, encodeCachedResponse } from './cached-response';

const JSON_TYPE = 'application/json; charset=utf-8';

describe('cached response codec', () => {
  const body = Buffer.from(JSON.stringify({ hits: [{ id: 'p1', title: 'Café ☕' }], total: 1 }));

  it('round-trips every field and the exact body bytes', () => {
    const entry = cachedResponse(body, 60_000, JSON_TYPE, 1_732_000_000_123.5);
    const decoded = decodeCachedResponse(encodeCachedResponse(entry));
    expect(decoded).toEqual(entry);
    expect(decoded?.body.equals(body)).toBe(true);
  });

  it('round-trips binary and empty bodies', () => {
    const binary = Buffer.from([0, 255, 1, 254, 0xc3, 0x28]);
    expect(decodeCachedResponse(encodeCachedResponse(cachedResponse(binary, 1, JSON_TYPE)))?.body).toEqual(
      binary,
    );
    const empty = cachedResponse(Buffer.alloc(0), 1, JSON_TYPE);
    expect(decodeCachedResponse(encodeCachedResponse(empty))).toEqual(empty);
  });

  it('derives a strong, quoted ETag from the body alone', () => {
    const a = cachedResponse(body, 1_000, JSON_TYPE, 1);
    const b = cachedResponse(Buffer.from(body), 5_000, JSON_TYPE, 2);
    const c = cachedResponse(Buffer.from(`${body.toString()} `), 1_000, JSON_TYPE, 1);
    expect(a.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(a.etag).toBe(b.etag);
    expect(c.etag).not.toBe(a.etag);
    expect(a.status).toBe(200);
  });

  it('rejects garbage, truncated entries and other format versions', () => {
    const encoded = encodeCachedResponse(cachedResponse(body, 1_000, JSON_TYPE));
    expect(decodeCachedResponse(Buffer.alloc(0))).toBeUndefined();
    expect(decodeCachedResponse(Buffer.from('{"not":"an entry"}'))).toBeUndefined();
    expect(decodeCachedResponse(encoded.subarray(0, 10))).toBeUndefined();
    // Header intact, but the etag and content type it announces are cut off.
    expect(decodeCachedResponse(encoded.subarray(0, 20))).toBeUndefined();
    const otherVersion = Buffer.from(encoded);
    otherVersion.writeUInt8(2, 0);
    expect(decodeCachedResponse(otherVersion)).toBeUndefined();
  });
});
