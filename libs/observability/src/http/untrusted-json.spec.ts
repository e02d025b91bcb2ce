import { MAX_JSON_DEPTH, unsafeJsonReason } from './untrusted-json';

describe('unsafeJsonReason', () => {
  it('accepts ordinary JSON values', () => {
    expect(unsafeJsonReason({ id: 'a', tags: ['x'], nested: { ok: [1, { b: null }] } })).toBeUndefined();
    expect(unsafeJsonReason('text')).toBeUndefined();
    expect(unsafeJsonReason(null)).toBeUndefined();
  });

  it.each([
    ['__proto__ at the top', '{"__proto__":{"x":1}}', '__proto__'],
    ['constructor deep in an array', '{"id":[{"constructor":"x"}]}', 'constructor'],
    ['prototype in a nested object', '{"a":{"b":{"prototype":1}}}', 'prototype'],
  ])('refuses %s', (_name, text, key) => {
    expect(unsafeJsonReason(JSON.parse(text))).toBe(`"${key}" is not allowed as a field name`);
  });

  it('refuses nesting deeper than the limit without recursing', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(unsafeJsonReason(deep)).toMatch(new RegExp(`deeper than ${MAX_JSON_DEPTH}`));
    let ok: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH - 1; i++) ok = [ok];
    expect(unsafeJsonReason(ok)).toBeUndefined();
  });
});
