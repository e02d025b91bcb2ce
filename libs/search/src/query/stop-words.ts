/**
 * The `stop` filter's `_english_` list (Lucene's English stop set), which the text analyzers apply.
 * Such words (and punctuation-only ones) analyze to nothing, so the word tiers do not count them:
 * they could never match, and would otherwise be reported as dropped.
 */
const ENGLISH_STOP_WORDS = new Set(
  (
    'a an and are as at be but by for if in into is it no not of on or such that the their then there ' +
    'these they this to was will with'
  ).split(' '),
);

export function isNonWord(word: string): boolean {
  const bare = word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  return bare === '' || ENGLISH_STOP_WORDS.has(bare);
}
