import type { estypes } from '@elastic/elasticsearch';
import { BEST_MATCH_AGG } from '../query/build-search-request';
import { toDidYouMean, toRelaxed } from './search-response.mapper';

const best = (matched: string[] | undefined) =>
  ({
    [BEST_MATCH_AGG]: {
      doc_count: 1,
      hit: { hits: { hits: matched ? [{ matched_queries: matched }] : [] } },
    },
  }) as unknown as Record<string, estypes.AggregationsAggregate>;

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
