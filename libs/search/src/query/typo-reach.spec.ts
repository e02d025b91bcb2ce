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
