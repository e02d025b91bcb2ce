import { loadConfig } from '@app/config';
import {
  cacheControl,
  etagMatches,
  representationEtag,
  STORED_RESPONSE_HEADERS,
  storedResponse,
} from './cache-headers';
import { cachedResponse } from './cached-response';

describe('etagMatches (If-None-Match, weak comparison)', () => {
  const etag = '"abc123"';
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['', false],
    ['"abc123"', true],
    ['W/"abc123"', true],
    ['"other"', false],
    ['abc123', false],
    ['"abc"', false],
    ['"x", "abc123"', true],
    ['"x",W/"abc123" , "y"', true],
    ['"x", "y"', false],
    ['*', true],
    [' * ', true],
  ])('%j → %s', (header, expected) => {
    expect(etagMatches(header, etag)).toBe(expected);
  });
});

describe('cacheControl', () => {
  const config = (env: Record<string, string>) => loadConfig(env);
  it('states max-age in whole seconds, with the stale windows that are on', () => {
    expect(cacheControl(60_000, config({ CACHE_SWR_MS: '0', CACHE_STALE_IF_ERROR_MS: '0' }))).toBe(
      'public, max-age=60',
    );
    expect(cacheControl(1_500, config({ CACHE_SWR_MS: '10000', CACHE_STALE_IF_ERROR_MS: '300000' }))).toBe(
      'public, max-age=1, stale-while-revalidate=10, stale-if-error=300',
    );
  });
});

describe('storedResponse', () => {
  const TYPE = 'application/json; charset=utf-8';
  const CC = 'public, max-age=60';
  const small = cachedResponse(Buffer.from('{"a":1}'), 60_000, TYPE, 10_000);
  const data = Buffer.from(JSON.stringify({ hits: Array.from({ length: 20 }, (_, i) => ({ id: `p${i}` })) }));
  const packed = cachedResponse(data, 60_000, TYPE, 10_000);

  it('sends the stored bytes with their status when the client has no matching ETag', () => {
    const out = storedResponse(small, 'HIT', CC, { 'if-none-match': '"other"' }, 12_999);
    expect(out.status).toBe(200);
    expect(out.body?.toString()).toBe('{"a":1}');
    expect(out.headers).toEqual({
      'content-type': TYPE,
      etag: small.etag,
      vary: 'accept-encoding',
      'x-cache': 'HIT',
      date: new Date(10_000).toUTCString(),
      age: '2',
      'cache-control': CC,
    });
  });

  it("names every header it may set in STORED_RESPONSE_HEADERS (they replace the app's own)", () => {
    const forms = [
      storedResponse(small, 'HIT', CC, {}),
      storedResponse(packed, 'STALE', CC, { 'accept-encoding': 'gzip' }),
      storedResponse(packed, 'HIT', CC, { 'if-none-match': packed.etag }),
    ];
    for (const out of forms)
      for (const name of Object.keys(out.headers)) expect(STORED_RESPONSE_HEADERS).toContain(name);
  });

  it('dates the response when it was filled, and Age counts whole seconds from then, never below 0', () => {
    const out = storedResponse(packed, 'HIT', CC, {}, 10_000 + 61_500);
    expect(out.headers.date).toBe('Thu, 01 Jan 1970 00:00:10 GMT');
    // The formatted date is memoized per fill time: another fill time gets its own.
    expect(storedResponse(small, 'HIT', CC, {}, 10_000).headers.date).toBe(out.headers.date);
    const later = cachedResponse(Buffer.from('{}'), 60_000, TYPE, 3_600_000);
    expect(storedResponse(later, 'HIT', CC, {}).headers.date).toBe('Thu, 01 Jan 1970 01:00:00 GMT');
    expect(out.headers.age).toBe('61');
    // Clocks of two instances can disagree slightly.
    expect(storedResponse(packed, 'MISS', CC, {}, 9_000).headers.age).toBe('0');
  });

  it('sends the compressed bytes as stored to a client that accepts gzip, with their own ETag', () => {
    const out = storedResponse(packed, 'HIT', CC, { 'accept-encoding': 'gzip, deflate, br' });
    expect(out.body).toBe(packed.body);
    expect(out.headers).toMatchObject({
      'content-encoding': 'gzip',
      vary: 'accept-encoding',
      etag: `${packed.etag.slice(0, -1)}-gzip"`,
    });
  });

  it.each([undefined, '', 'br', 'identity', 'gzip;q=0', 'br, *;q=0'])(
    'decodes for a client that does not accept gzip (%j): identity bytes, the data ETag',
    (acceptEncoding) => {
      const out = storedResponse(packed, 'HIT', CC, { 'accept-encoding': acceptEncoding });
      expect(out.body?.equals(data)).toBe(true);
      expect(out.headers['content-encoding']).toBeUndefined();
      expect(out.headers.etag).toBe(packed.etag);
      expect(out.headers.vary).toBe('accept-encoding');
    },
  );

  it('sends 304 with validators and caching headers but no content headers when the ETag matches', () => {
    const gzipTag = representationEtag(packed.etag, 'gzip');
    const out = storedResponse(packed, 'HIT', CC, {
      'if-none-match': `W/${gzipTag}`,
      'accept-encoding': 'gzip',
    });
    expect(out.status).toBe(304);
    expect(out.body).toBeUndefined();
    expect(Object.keys(out.headers).sort()).toEqual([
      'age',
      'cache-control',
      'date',
      'etag',
      'vary',
      'x-cache',
    ]);
    expect(out.headers.etag).toBe(gzipTag);
  });

  it('compares If-None-Match with the representation it would send', () => {
    // The client holds the gzip form but now asks without gzip: it gets the plain body.
    const plain = storedResponse(packed, 'HIT', CC, {
      'if-none-match': representationEtag(packed.etag, 'gzip'),
    });
    expect(plain.status).toBe(200);
    const held = storedResponse(packed, 'HIT', CC, { 'if-none-match': packed.etag });
    expect(held.status).toBe(304);
  });
});
