/**
 * Knobs of the relevance query. The defaults were chosen with the Cranfield harness
 * (docs/relevance.md) and the product e2e cases; the harness can try other values.
 */
export interface RelevanceTuning {
  /** english-stemmed fields with boosts: title > brand/tags > category > description. */
  fields: readonly string[];
  /** Adjacent words joined (`deck over` → deckover): a word typed as one finds titles that write it as two. */
  joinedFields: readonly string[];
  /** edge n-gram subfields for partial words (`lapt` → laptop), scored below whole words. */
  ngramFields: readonly string[];
  ngramBoost: number;
  /**
   * Longest query (in words) whose partial last word also adds BM25 score (orders typeahead results);
   * on finished multi-word queries that score only favours longer words.
   */
  ngramMaxWords: number;
  /**
   * Longest query (in words) ranked by word tiers (matched-word count first, then BM25), with
   * prefixes and typos. Longer queries (questions, pasted text) get plain multi-field BM25.
   */
  tierMaxWords: number;
  /** Score credit of one matched word; far above any BM25 score so tiers never mix. */
  wordWeight: number;
  /** Share of wordWeight for a word matched only as a prefix (exact = 1). */
  prefixCredit: number;
  /** Partial-word matching for every word, not just the last one (typeahead). */
  prefixOnEveryWord: boolean;
  /** Words shorter than typoMinLength get no typo; from typoTwoEditsLength on, two edits. */
  typoMinLength: number;
  typoTwoEditsLength: number;
  /**
   * The same thresholds in the short fields that name the product (`typoTitleFields`): a title is a few words,
   * so a near neighbour of a 4-letter word there is most likely that word misspelt, while in prose (description)
   * a short word has many one-edit neighbours (`work` → word, worn, fork).
   */
  typoTitleFields: readonly string[];
  typoTitleMinLength: number;
  typoTitleTwoEditsLength: number;
  /**
   * In the title, the query's last word gets typos only from this length: it may be unfinished (typeahead), and a
   * 4-letter fragment is a prefix (`lapt` → laptop), not a misspelt word (`lapt` → last).
   */
  typoLastWordMinLength: number;
  /** Leading characters that must be typed right; bounded expansions keep typo queries cheap. */
  typoPrefixLength: number;
  typoMaxExpansions: number;
  /**
   * Fields where a word may match with typos, each with its share of wordWeight: below prefixCredit
   * (a typo never beats an exact or partial word), title most, tags/description least, all above
   * 0.5 (two words with typos still beat one exact word).
   */
  typoFields: readonly string[];
  /** How many words of a long query a document must match: one (BM25 ranks the rest), never "all". */
  minimumShouldMatch: string;
  /**
   * cross_fields: the words may be spread over fields ("sony bluetooth headphones" with the brand
   * in `brand` and "bluetooth" only in `tags`), and minimumShouldMatch counts words, not fields.
   */
  multiMatchType: 'cross_fields' | 'best_fields' | 'most_fields';
  tieBreaker: number;
  /** Extra score when the words appear close together in the title/description. */
  proximityBoost: number;
  proximitySlop: number;
  /** Extra score per pair of adjacent query words found adjacent in pairField (a shingle subfield). */
  pairField: string;
  pairBoost: number;
  /**
   * Extra score (times the head word's IDF) when the query's head noun is the title's head noun
   * (`headField`, see products.mapping.ts): "tool belt" → belt; 0 turns it off.
   */
  headField: string;
  /**
   * Fields of word endings (`title.endings`): a word matching only the end of a compound ("wood" in
   * "Hardwood") counts as matched with this share of wordWeight (0 = off), for words of at least
   * `endingMinLength` letters (no digits).
   */
  endingFields: readonly string[];
  endingCredit: number;
  endingMinLength: number;
  headBoost: number;
  /**
   * Extra score (times IDF) per query word found as typed, not only as the same stem, in these unstemmed
   * subfields (weighted like `fields`); 0 = off.
   */
  surfaceFields: readonly string[];
  surfaceBoost: number;
  /** Slop of user-quoted phrases (0 = exact phrase; 1 tolerates one word in between). */
  phraseSlop: number;
}

export const DEFAULT_TUNING: RelevanceTuning = {
  fields: ['title^2', 'brand^2', 'tags^2', 'category^1.5', 'description^1'],
  joinedFields: ['title.joined'],
  ngramFields: ['title.ngram^1', 'brand.ngram^0.5', 'tags.ngram^0.5', 'category.ngram^0.3'],
  ngramBoost: 0.3,
  ngramMaxWords: 0,
  tierMaxWords: 7,
  wordWeight: 10_000,
  prefixCredit: 0.9,
  prefixOnEveryWord: true,
  typoMinLength: 5,
  typoTwoEditsLength: 9,
  typoTitleFields: ['title'],
  typoTitleMinLength: 4,
  typoTitleTwoEditsLength: 8,
  typoLastWordMinLength: 5,
  typoPrefixLength: 1,
  typoMaxExpansions: 20,
  typoFields: ['title^0.8', 'brand^0.78', 'category^0.76', 'tags^0.75', 'description^0.75'],
  minimumShouldMatch: '1',
  multiMatchType: 'cross_fields',
  tieBreaker: 0.3,
  proximityBoost: 1,
  proximitySlop: 0,
  pairField: 'title.joined',
  pairBoost: 1,
  phraseSlop: 1,
  headField: 'title.head',
  headBoost: 0.7,
  surfaceFields: ['title.words^1', 'description.words^0.5'],
  surfaceBoost: 0.7,
  endingFields: ['title.endings'],
  endingCredit: 0.85,
  endingMinLength: 4,
};
