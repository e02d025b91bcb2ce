import type { estypes } from '@elastic/elasticsearch';
import { BEST_MATCH_AGG } from '../query/build-search-request';
import { bestMatchOf, toDidYouMean, toRelaxed } from './search-response.mapper';

type Hit = NonNullable<Parameters<typeof toRelaxed>[0]>;
const hitMatching = (matched: string[]) => ({ _index: 'p', _id: '1', matched_queries: matched }) as Hit;
const aggsFinding = (matched: string[] | undefined) =>
  ({
    [BEST_MATCH_AGG]: {
      doc_count: 1,
      hit: { hits: { hits: matched ? [hitMatching(matched)] : [] } },
    },
  }) as unknown as Record<string, estypes.AggregationsAggregate>;
const best = (matched: string[] | undefined) => bestMatchOf([], aggsFinding(matched), false);

describe('bestMatchOf', () => {
  it('is the first hit when the search says so, else what the best-match aggregation found', () => {
    const first = hitMatching(['word:0']);
    expect(bestMatchOf([first], undefined, true)).toBe(first);
    expect(bestMatchOf([], undefined, true)).toBeUndefined();
    expect(bestMatchOf([first], aggsFinding(['word:1']), false)?.matched_queries).toEqual(['word:1']);
    expect(bestMatchOf([first], undefined, false)).toBeUndefined();
  });
});

describe('toRelaxed', () => {
  it('names the words the most relevant hit was not matched by', () => {
    expect(toRelaxed(best(['word:0']), ['convection', 'otr'])).toEqual({ dropped: ['otr'] });
    expect(toRelaxed(best(['word:1', 'word:0']), ['convection', 'otr'])).toBeNull();
  });

  it('is null when nothing matched or the query had no counted words', () => {
    expect(toRelaxed(best(undefined), ['blorf'])).toBeNull();
    expect(toRelaxed(undefined, [])).toBeNull();
  });
});

describe('toDidYouMean', () => {
  it('builds the corrected query from the term suggester, leaving known words alone', () => {
    const suggest = {
      did_you_mean: [
        { text: 'headphnes', offset: 5, length: 9, options: [{ text: 'headphones', score: 0.8, freq: 20 }] },
        { text: 'sony', offset: 0, length: 4, options: [] },
      ],
    } as unknown as Record<string, estypes.SearchSuggest[]>;
    expect(toDidYouMean(suggest, ['sony', 'headphnes'])).toBe('sony headphones');
    expect(toDidYouMean(undefined, ['sony'])).toBeNull();
  });
});
