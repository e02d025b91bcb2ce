/**
 * Knobs of the relevance query. The defaults were chosen with the Cranfield harness
 * (docs/relevance.md) and the product e2e cases; the harness can try other values.
 */
export interface RelevanceTuning {
  /** english-stemmed fields with boosts: title > brand/tags > category > description. */
  fields: readonly string[];
  /** edge n-gram subfields for partial words (`lapt` → laptop), scored below whole words. */
  ngramFields: readonly string[];
  ngramBoost: number;
  /** Longest query (in words) that still gets partial-word matching: prefixes of long prose only add noise. */
  ngramMaxWords: number;
  /** Typo tolerance, scored below exact matches so a correct spelling wins. */
  fuzzyBoost: number;
  /** Longest query (in words) that still gets fuzzy matching: typos matter in short queries. */
  fuzzyMaxWords: number;
  /** How many words of the query a document must match; never "all" for long queries. */
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
  /** Slop of user-quoted phrases (0 = exact phrase; 1 tolerates one word in between). */
  phraseSlop: number;
}

export const DEFAULT_TUNING: RelevanceTuning = {
  fields: ['title^2', 'brand^2', 'tags^2', 'category^1.5', 'description^1'],
  ngramFields: ['title.ngram^1', 'brand.ngram^0.5', 'tags.ngram^0.5', 'category.ngram^0.3'],
  ngramBoost: 0.3,
  ngramMaxWords: 6,
  fuzzyBoost: 0.3,
  fuzzyMaxWords: 6,
  minimumShouldMatch: '2<-25% 5<20%',
  multiMatchType: 'cross_fields',
  tieBreaker: 0.3,
  proximityBoost: 1,
  proximitySlop: 2,
  phraseSlop: 1,
};
