import { loadConfig } from '@app/config';
import { cacheControl, etagMatches, responseHeaders, storedResponse } from './cache-headers';
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

describe('responseHeaders', () => {
  it('sends the stored type and ETag, the state and the age in whole seconds', () => {
    const entry = cachedResponse(Buffer.from('[]'), 60_000, 'application/json; charset=utf-8', 10_000);
    expect(responseHeaders(entry, 'HIT', 'public, max-age=60', 12_999)).toEqual({
      'content-type': 'application/json; charset=utf-8',
      etag: entry.etag,
      'x-cache': 'HIT',
      age: '2',
      'cache-control': 'public, max-age=60',
    });
    // Clocks of two instances can disagree slightly: Age never goes negative.
    expect(responseHeaders(entry, 'MISS', 'x', 9_000).age).toBe('0');
  });
});

describe('storedResponse', () => {
  const entry = cachedResponse(Buffer.from('{"a":1}'), 60_000, 'application/json; charset=utf-8');

  it('sends the stored bytes with their status when the client has no matching ETag', () => {
    const out = storedResponse(entry, 'HIT', 'public, max-age=60', '"other"');
    expect(out.status).toBe(200);
    expect(out.body?.toString()).toBe('{"a":1}');
    expect(out.headers).toMatchObject({
      etag: entry.etag,
      'x-cache': 'HIT',
      'cache-control': 'public, max-age=60',
    });
  });

  it('sends 304 without a body, with the same cache headers, when the ETag matches', () => {
    const out = storedResponse(entry, 'HIT', 'public, max-age=60', `W/${entry.etag}`);
    expect(out.status).toBe(304);
    expect(out.body).toBeUndefined();
    expect(out.headers).toMatchObject({ etag: entry.etag, 'x-cache': 'HIT' });
  });
});
