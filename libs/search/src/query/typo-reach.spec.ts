import { editDistanceWithin, tokensPerText, withinEdits } from './typo-reach';

describe('editDistanceWithin', () => {
  it.each([
    ['headphones', 'headphones', 0],
    ['headphnes', 'headphones', 1],
    ['haedphones', 'headphones', 1], // a transposition is one edit
    ['hedphnes', 'headphones', 2],
    ['ca', 'abc', 2], // unrestricted: never more than the restricted distance (3)
    ['café', 'cafe', 1], // by code point
  ])('%s → %s: %i', (a, b, distance) => {
    expect(editDistanceWithin(a, b, 2)).toBe(distance);
  });

  it('stops at limit + 1', () => {
    expect(editDistanceWithin('lamp', 'stainless', 2)).toBe(3);
    expect(editDistanceWithin('abcd', 'wxyz', 1)).toBe(2);
  });

  it('turns a pair away early only when its full distance is above the limit', () => {
    // Near and far pairs over a small alphabet, with two letters in one bin ('A' and 'Á', 128 code
    // units apart) and a character outside the BMP; the full distance: the same function, no limit.
    const alphabet = ['a', 'b', 'c', 'A', '\u00c1', 'é', '\u{1F600}'];
    let seed = 7;
    const random = (n: number): number => (((seed = (seed * 48271) % 2147483647) % n) + n) % n;
    const word = (): string =>
      Array.from({ length: 1 + random(6) }, () => alphabet[random(alphabet.length)]).join('');
    const edited = (w: string): string => {
      const chars = Array.from(w);
      const at = random(chars.length + 1);
      const edit = random(3);
      if (edit === 0) chars.splice(at, 0, alphabet[random(alphabet.length)]);
      else if (edit === 1) chars.splice(at, 1);
      else if (at + 1 < chars.length) [chars[at], chars[at + 1]] = [chars[at + 1], chars[at]];
      return chars.join('');
    };
    let near = 0;
    for (let n = 0; n < 3_000; n++) {
      const a = word();
      const b = n % 2 === 0 ? word() : edited(edited(a));
      const full = editDistanceWithin(a, b, a.length + b.length);
      for (const limit of [0, 1, 2]) {
        expect([a, b, limit, editDistanceWithin(a, b, limit)]).toEqual([
          a,
          b,
          limit,
          Math.min(full, limit + 1),
        ]);
      }
      if (full <= 2) near++;
    }
    expect(near).toBeGreaterThan(1_000);
  });
});

describe('withinEdits', () => {
  it('is true when some token is within the edits of some term', () => {
    expect(withinEdits(['headphn'], ['wireless', 'headphon'], 1)).toBe(true);
    expect(withinEdits(['headphn'], ['wireless', 'speaker'], 2)).toBe(false);
    expect(withinEdits([], ['anything'], 2)).toBe(false);
  });
});

describe('tokensPerText', () => {
  // As _analyze returned them for ["Running", "usb-c", "couch", "a"] (text_en_search).
  const tokens = [
    { token: 'run', start_offset: 0 },
    { token: 'usb', start_offset: 8 },
    { token: 'c', start_offset: 12 },
    { token: 'couch', start_offset: 14 },
  ];

  it('gives each text its tokens (a stop word none)', () => {
    expect(tokensPerText(['Running', 'usb-c', 'couch', 'a'], tokens)).toEqual([
      ['run'],
      ['usb', 'c'],
      ['couch'],
      [],
    ]);
  });

  it('trusts nothing when a token falls outside every text', () => {
    expect(tokensPerText(['Running'], tokens)).toBeUndefined();
  });
});
