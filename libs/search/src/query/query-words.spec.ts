import { correctedQuery } from './did-you-mean';
import { queryWords, tierWords } from './relevance-query';
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

  it('does not count words the analyzer drops', () => {
    expect(['the', 'In.', '&', '--', '"'].every(isNonWord)).toBe(true);
    expect(['tv', 'x', '2', 'otr'].some(isNonWord)).toBe(false);
    expect(tierWords(queryWords('paint for the deck'), DEFAULT_TUNING)).toEqual(['paint', 'deck']);
  });

  it('ranks long queries without tiers', () => {
    const long = 'what similarity laws must be obeyed when constructing aeroelastic models';
    expect(tierWords(queryWords(long), DEFAULT_TUNING)).toEqual([]);
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
});
