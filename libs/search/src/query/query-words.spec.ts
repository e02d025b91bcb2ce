import { correctedQuery } from './did-you-mean';
import { headNoun, queryWords, tierWords } from './relevance-query';
import { DEFAULT_TUNING } from './relevance-tuning';
import { isNonWord } from './stop-words';
import { joinUnits } from './units';

describe('query words', () => {
  it('keeps a unit written as its own word with its number', () => {
    expect(joinUnits(['hose', '1/2', 'inch', 'x', '50', 'ft.'])).toEqual(['hose', '1/2 inch', 'x', '50 ft.']);
    expect(joinUnits(['1/2"', 'pvc'])).toEqual(['1/2"', 'pvc']);
    // Not after a number: an ordinary word.
    expect(joinUnits(['in', 'stock', 'feet'])).toEqual(['in', 'stock', 'feet']);
  });

  it('keeps a size written with spaces as one word, as the index joins it', () => {
    expect(queryWords('2 x 4 studs')).toEqual(['2x4', 'studs']);
    expect(queryWords('36 in. x18 ft. floor runner')).toEqual(['36x18 ft.', 'floor', 'runner']);
    expect(queryWords("rug 21' X 15'")).toEqual(['rug', "21x15'"]);
    expect(queryWords('2x3x8 studs')).toEqual(['2x3x8', 'studs']);
    // A fraction's denominator is not a size: "1/2 x 5" must not become 1/2x5 (the tokenizer would see 2x5).
    expect(queryWords('1/2 x 5 pipe')).toEqual(['1/2', 'x', '5', 'pipe']);
  });

  it('does not count words the analyzer drops', () => {
    expect(['the', 'In.', '&', '--', '"'].every(isNonWord)).toBe(true);
    expect(['tv', 'x', '2', 'otr'].some(isNonWord)).toBe(false);
    expect(tierWords(queryWords('paint for the deck'), DEFAULT_TUNING)).toEqual(['paint', 'deck']);
  });

  it('ranks long queries without tiers', () => {
    const long = 'what similarity laws must be obeyed when constructing aeroelastic models';
    expect(tierWords(queryWords(long), DEFAULT_TUNING)).toEqual([]);
    // Up to seven words (stop words included) a query is still ranked by tiers.
    expect(tierWords(queryWords('white 3 light vanity bar for bathroom'), DEFAULT_TUNING)).toHaveLength(6);
  });
});

describe('correctedQuery', () => {
  it('replaces each corrected word in place and keeps the others', () => {
    const corrections = [
      { offset: 10, length: 7, text: 'wireless' },
      { offset: 0, length: 9, text: 'sennheiser' },
    ];
    expect(correctedQuery('sennheisr wireles headphones', corrections)).toBe(
      'sennheiser wireless headphones',
    );
    expect(correctedQuery('headphones', [])).toBeNull();
  });

  it('finds the head noun: the last real word before a qualifier', () => {
    expect(headNoun(queryWords('extension cord for outdoors'))).toBe('cord');
    expect(headNoun(queryWords('wall paint with primer in white'))).toBe('paint');
    expect(headNoun(queryWords('oval mirror 36 in'))).toBe('mirror');
    expect(headNoun(queryWords('LEATHER TOOL BELT'))).toBe('BELT');
    expect(headNoun(queryWords('2x4'))).toBeNull();
    // A leading qualifier is not a cut.
    expect(headNoun(queryWords('for sale signs'))).toBe('signs');
  });
});
