import { SearchError } from '../search-error';
import { decodeCursor, encodeCursor } from './cursor';
import type { SearchParams } from './search-params';

const params: SearchParams = { q: 'laptop', tags: ['a', 'b'], sort: 'relevance', page: 1, size: 20 };
const state = { after: [12.5, 'sku-9'], page: 3, seen: 60 };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof SearchError ? error.code : 'not a SearchError';
  }
}

describe('cursor', () => {
  it('round-trips the sort values, page and count', () => {
    const token = encodeCursor(params, state);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(decodeCursor(token, params, 2)).toEqual(state);
  });

  it('ignores what does not change the result set: spacing, tag order, page size', () => {
    const token = encodeCursor(params, state);
    const same = { ...params, q: '  laptop ', tags: ['b', 'a'], size: 50, cursor: token };
    expect(decodeCursor(token, same, 2)).toEqual(state);
  });

  it.each([
    ['another query', { q: 'tablet' }],
    ['another filter', { brand: 'Acme' }],
    ['another sort', { sort: 'price_asc' as const }],
    ['other tags', { tags: ['a'] }],
  ])('rejects a cursor reused with %s', (_name, change) => {
    const token = encodeCursor(params, state);
    expect(codeOf(() => decodeCursor(token, { ...params, ...change }, 2))).toBe('invalid_cursor');
  });

  it('rejects edited, truncated, garbage and oversized tokens', () => {
    const token = encodeCursor(params, state);
    const [body, sum] = token.split('.');
    const edited = Buffer.from(
      Buffer.from(body, 'base64url').toString('utf8').replace('sku-9', 'sku-1'),
    ).toString('base64url');
    for (const bad of [
      `${edited}.${sum}`,
      token.slice(0, -1),
      body,
      'not-a-cursor',
      '',
      `${token}.x`,
      'a'.repeat(5000),
    ]) {
      expect(codeOf(() => decodeCursor(bad, params, 2))).toBe('invalid_cursor');
    }
  });

  it('rejects a well-formed cursor whose sort values do not fit the sort', () => {
    const token = encodeCursor(params, { ...state, after: [1] });
    expect(codeOf(() => decodeCursor(token, params, 2))).toBe('invalid_cursor');
  });
});
