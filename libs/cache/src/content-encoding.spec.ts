import { gunzipSync } from 'node:zlib';
import { acceptsEncoding, compressBody, decodeBody } from './content-encoding';

describe('acceptsEncoding (Accept-Encoding, RFC 9110 §12.5.3)', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['', false],
    ['gzip', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['gzip, deflate, br', true],
    ['deflate, gzip;q=0.5', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['br', false],
    ['identity', false],
    ['deflate, br, zstd', false],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['*', true],
    ['*;q=0', false],
    ['br, *;q=0.5', true],
    ['gzip;q=0, *', false],
    ['gzip;q=oops', false],
  ])('%j admits gzip: %s', (header, expected) => {
    expect(acceptsEncoding(header, 'gzip')).toBe(expected);
    // Memoized: the same answer the second time.
    expect(acceptsEncoding(header, 'gzip')).toBe(expected);
  });

  it('always admits identity', () => {
    expect(acceptsEncoding(undefined, 'identity')).toBe(true);
    expect(acceptsEncoding('gzip;q=0', 'identity')).toBe(true);
  });
});

describe('compressBody / decodeBody', () => {
  it('gzips a body when that makes it smaller, and decodes back to the same bytes', () => {
    const body = Buffer.from(
      JSON.stringify({ hits: Array.from({ length: 20 }, (_, i) => ({ id: i, t: 'lamp' })) }),
    );
    const stored = compressBody(body);
    expect(stored.encoding).toBe('gzip');
    expect(gunzipSync(stored.body).equals(body)).toBe(true);
    expect(decodeBody(stored.body, stored.encoding).equals(body)).toBe(true);
  });

  it('keeps a body that gzip would make larger as it is', () => {
    const body = Buffer.from('{}');
    expect(compressBody(body)).toEqual({ body, encoding: 'identity' });
    expect(decodeBody(body, 'identity')).toBe(body);
  });
});
