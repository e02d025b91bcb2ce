import type { estypes } from '@elastic/elasticsearch';

export const DID_YOU_MEAN_SUGGESTER = 'did_you_mean';

/** The field whose words (as written, not stemmed) corrections are taken from: the catalog's own titles. */
const FIELD = 'title.words';

/**
 * A term suggester over the query words: only words the catalog does not contain get a correction
 * (suggest_mode missing), from at most two edits away, the closest and then most frequent first.
 */
export function didYouMeanSuggester(terms: string): estypes.SearchSuggester {
  return {
    [DID_YOU_MEAN_SUGGESTER]: {
      text: terms,
      term: {
        field: FIELD,
        suggest_mode: 'missing',
        sort: 'score',
        size: 1,
        max_edits: 2,
        prefix_length: 1,
        min_word_length: 4,
      },
    },
  };
}

export interface TermCorrection {
  offset: number;
  length: number;
  text: string;
}

/** The query with each corrected word replaced in place; null when nothing was corrected. */
export function correctedQuery(terms: string, corrections: readonly TermCorrection[]): string | null {
  if (corrections.length === 0) return null;
  let out = '';
  let at = 0;
  for (const c of [...corrections].sort((a, b) => a.offset - b.offset)) {
    out += terms.slice(at, c.offset) + c.text;
    at = c.offset + c.length;
  }
  return out + terms.slice(at);
}
