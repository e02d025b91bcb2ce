import { apiKeyMatches } from './api-key';

describe('apiKeyMatches', () => {
  const key = 'k'.repeat(32);

  it('accepts the exact key', () => {
    expect(apiKeyMatches(key, key)).toBe(true);
  });

  it.each([
    ['a missing key', undefined],
    ['an empty key', ''],
    ['a prefix of the key', key.slice(0, 31)],
    ['the key with a suffix', `${key}x`],
    ['a key differing in the last character', `${key.slice(0, 31)}K`],
    ['the key in another case', key.toUpperCase()],
  ])('rejects %s (different lengths never throw)', (_name, presented) => {
    expect(apiKeyMatches(presented, key)).toBe(false);
  });
});
