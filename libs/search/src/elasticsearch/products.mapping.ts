import type { estypes } from '@elastic/elasticsearch';

/** A whole or decimal number (not part of a fraction: see the lookarounds where it is used). */
const NUMBER = '\\d+(?:\\.\\d+)?';

/**
 * Sizes written the shop's many ways mean the same thing: 1/2" = 1/2 in. = 1/2 inch ("in" is then a
 * stop word, so only the number is left), 8' = 8 ft. = 8 feet, 5 lbs. = 5 lb, 2 gallon = 2 gal.
 * Then dimensions: `2 in. x 4 in.`, `2 x 4` and `2X4` all become `2x4` (after the units, so their
 * spellings are already one), `36 in. W x 84 in. H` becomes `36x84 in H`. A fraction (`1/2 in. x 4 ft.`)
 * is left alone: joining its denominator would invent a `2x4`.
 */
const UNIT_CHAR_FILTERS: Record<string, estypes.AnalysisCharFilter> = {
  units_inch: unit("(?:\"|''|inch(?:es)?\\b|in\\b\\.?)", ' in '),
  units_foot: unit("(?:'|feet\\b|foot\\b|ft\\b\\.?)", ' ft '),
  units_pound: unit('(?:pounds?\\b|lbs?\\b\\.?)', ' lb '),
  units_gallon: unit('(?:gal(?:lons?)?\\b\\.?)', ' gal '),
  units_dimensions: {
    type: 'pattern_replace',
    pattern: `(?<![\\d/.])(${NUMBER})\\s*(?:(?:in|ft)\\s*)?(?:[WHLD]\\b\\.?\\s*)?[x×]\\s*(?=${NUMBER}(?![\\d/]))`,
    replacement: '$1x',
    flags: 'CASE_INSENSITIVE',
  },
};

/** Unit and size letters a title may end with (`Rolls 15 in. x 39 ft.`): never its head noun. */
const TRAILING_UNITS = 'in|ft|yds?|lbs?|oz|gal|sq|cu|mm|cm|x|[WHLD]';

/**
 * The product a title names is its head noun: the last word before what qualifies it (`Interior Paint with
 * Primer`, `Lawn Mower in Red`, `Valve for Air Compressors`, `Shade - 36 in. W`, `Sheet, Silver`,
 * `Hooks (4-Pack)`). `title.head` keeps only that word, so a query whose own head noun is the same word
 * ("tool belt" → belt) can rank "Leather Work Belt" above "Tool Belt Pouch". A unit `in.`/`in` after a number is
 * not a qualifier.
 */
const HEAD_CHAR_FILTERS: Record<string, estypes.AnalysisCharFilter> = {
  head_cut: {
    type: 'pattern_replace',
    pattern: '^(.*?)(?:\\s[-–]\\s|,\\s|\\(|(?<![\\d\\s])\\s+(?:in|with|for|featuring|includes)\\s).*$',
    replacement: '$1',
    flags: 'CASE_INSENSITIVE|DOTALL',
  },
  head_last_word: {
    type: 'pattern_replace',
    pattern: `^.*?(\\p{L}{2,})(?:[^\\p{L}]+|\\b(?:${TRAILING_UNITS})\\b)*$`,
    replacement: '$1',
    flags: 'CASE_INSENSITIVE|DOTALL',
  },
};

function unit(pattern: string, replacement: string): estypes.AnalysisCharFilter {
  return {
    type: 'pattern_replace',
    pattern: `(\\d)\\s*${pattern}`,
    replacement: `$1${replacement}`,
    flags: 'CASE_INSENSITIVE',
  };
}

/** Standard words, lowercased and accent-folded, then the given filters. */
function foldedWords(...filters: string[]): estypes.AnalysisCustomAnalyzer {
  return { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', ...filters] };
}

/** Adjacent words joined into one token ("deck over" → deckover), with or without the single words. */
function joinedPairs(withWords: boolean): estypes.AnalysisShingleTokenFilter {
  return {
    type: 'shingle',
    min_shingle_size: 2,
    max_shingle_size: 2,
    output_unigrams: withWords,
    token_separator: '',
  };
}

/** The search-time synonym filter managed through GET/PUT /catalog/synonyms (see synonyms.adapter.ts). */
export const SYNONYM_FILTER = 'catalog_synonyms';

/**
 * Index settings and mapping for catalog products. Only analysis components that exist both in
 * the official image and in our local plugin (stack/elasticsearch-plugin) are used, so the same
 * mapping works on both. Replicas are set from INDEX_REPLICAS when an index is created (`withReplicas`).
 */
export const PRODUCTS_SETTINGS: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  number_of_replicas: 0,
  max_result_window: 10_000,
  analysis: {
    char_filter: { ...UNIT_CHAR_FILTERS, ...HEAD_CHAR_FILTERS },
    filter: {
      english_stemmer: { type: 'stemmer', language: 'english' },
      english_possessive: { type: 'stemmer', language: 'possessive_english' },
      autocomplete_edge: { type: 'edge_ngram', min_gram: 2, max_gram: 20 },
      // Search side only (updateable), so changing the rules needs no reindex; starts empty.
      [SYNONYM_FILTER]: { type: 'synonym_graph', synonyms: [], updateable: true },
      // "DeckOver" → deckover, deck, over; "2x4" → 2x4, 2, x, 4 (index side only; queries match either form).
      compound_parts: {
        type: 'word_delimiter_graph',
        preserve_original: true,
        catenate_words: true,
      },
      // "deck over" → deckover, so a query typed as one word finds titles that write it as two.
      joined_pairs: joinedPairs(true),
      // "2x4x8" (a board's three sizes) also indexed as 2x4 and 4x8, so a query of two of them finds it.
      dimension_pairs: {
        type: 'pattern_capture',
        preserve_original: true,
        patterns: [`(?<![\\d.])(?=(${NUMBER}x${NUMBER}))`],
      },
      pairs_only: joinedPairs(false),
      // "hardwood" → …, dwood, wood: the word's endings, so "wood" finds the compound (English compounds end
      // with what they are: hardwood, plywood, deadbolt, jigsaw).
      word_endings: { type: 'edge_ngram', side: 'back', min_gram: 4, max_gram: 20 },
    },
    normalizer: {
      folded: { type: 'custom', filter: ['lowercase', 'asciifolding'] },
    },
    analyzer: {
      text_en: {
        type: 'custom',
        char_filter: Object.keys(UNIT_CHAR_FILTERS),
        tokenizer: 'standard',
        filter: [
          'english_possessive',
          'compound_parts',
          'lowercase',
          'dimension_pairs',
          'asciifolding',
          'stop',
          'english_stemmer',
          'flatten_graph',
        ],
      },
      text_en_search: {
        type: 'custom',
        char_filter: Object.keys(UNIT_CHAR_FILTERS),
        tokenizer: 'standard',
        filter: [
          'english_possessive',
          'lowercase',
          'asciifolding',
          SYNONYM_FILTER,
          'stop',
          'english_stemmer',
        ],
      },
      joined_index: foldedWords('joined_pairs'),
      // Query side of the adjacent-pairs bonus: only the pairs ("pull up shade" → pullup, upshade).
      joined_pairs_only: foldedWords('pairs_only'),
      // Words as written (lowercased, not stemmed): how joined pairs and partial words are searched, and what
      // did-you-mean offers.
      plain_words: foldedWords(),
      // The title's head noun only (see HEAD_CHAR_FILTERS), stemmed like the title.
      head_noun: {
        type: 'custom',
        char_filter: Object.keys(HEAD_CHAR_FILTERS),
        tokenizer: 'standard',
        filter: ['english_possessive', 'lowercase', 'asciifolding', 'english_stemmer'],
      },
      word_endings: foldedWords('english_possessive', 'english_stemmer', 'word_endings'),
      head_noun_search: foldedWords('english_possessive', 'english_stemmer'),
      autocomplete_index: foldedWords('autocomplete_edge'),
    },
  },
};

const titleHead: estypes.MappingProperty = {
  type: 'text',
  analyzer: 'head_noun',
  search_analyzer: 'head_noun_search',
  norms: false,
  index_options: 'docs',
};

const titleEndings: estypes.MappingProperty = {
  type: 'text',
  analyzer: 'word_endings',
  search_analyzer: 'head_noun_search',
  norms: false,
  index_options: 'docs',
};

const text = (extra: Record<string, estypes.MappingProperty> = {}): estypes.MappingProperty => ({
  type: 'text',
  analyzer: 'text_en',
  search_analyzer: 'text_en_search',
  fields: {
    joined: { type: 'text', analyzer: 'joined_index', search_analyzer: 'plain_words' },
    words: { type: 'text', analyzer: 'plain_words', index_options: 'docs', norms: false },
    ngram: { type: 'text', analyzer: 'autocomplete_index', search_analyzer: 'plain_words' },
    ...extra,
  },
});

const facet = (): estypes.MappingProperty => ({
  type: 'text',
  analyzer: 'text_en',
  search_analyzer: 'text_en_search',
  fields: {
    keyword: { type: 'keyword', ignore_above: 256 },
    ngram: { type: 'text', analyzer: 'autocomplete_index', search_analyzer: 'plain_words' },
  },
});

export const PRODUCTS_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    id: { type: 'keyword' },
    title: text({
      sort: { type: 'keyword', normalizer: 'folded', ignore_above: 256 },
      head: titleHead,
      endings: titleEndings,
    }),
    description: {
      type: 'text',
      analyzer: 'text_en',
      search_analyzer: 'text_en_search',
      // Words as written, for the as-typed bonus (like title.words).
      fields: { words: { type: 'text', analyzer: 'plain_words', index_options: 'docs', norms: false } },
    },
    brand: facet(),
    category: facet(),
    tags: facet(),
    // Not scaled_float: it lives in mapper-extras, which the local node does not have.
    price: { type: 'double' },
    currency: { type: 'keyword' },
    rating: { type: 'float' },
    stock: { type: 'integer' },
    createdAt: { type: 'date' },
    updatedAt: { type: 'date' },
  },
};

/**
 * `auto`: Elasticsearch keeps 0 replicas while one data node exists and 1 once there are more
 * (`auto_expand_replicas: 0-1`, re-evaluated as nodes join and leave, so a lone node stays green and
 * a cluster keeps a copy of every shard on a second node). A number is fixed: a replica that cannot
 * be placed leaves the index yellow.
 */
export function withReplicas(
  settings: estypes.IndicesIndexSettings,
  replicas: 'auto' | number,
): estypes.IndicesIndexSettings {
  return replicas === 'auto'
    ? { ...settings, number_of_replicas: 0, auto_expand_replicas: '0-1' }
    : { ...settings, number_of_replicas: replicas };
}
