import type { estypes } from '@elastic/elasticsearch';

/**
 * Index settings and mapping for catalog products. Only analysis components that exist both in
 * the official image and in our local plugin (stack/elasticsearch-plugin) are used, so the same
 * mapping works on both.
 */
export const PRODUCTS_SETTINGS: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  number_of_replicas: 0,
  max_result_window: 10_000,
  analysis: {
    filter: {
      english_stemmer: { type: 'stemmer', language: 'english' },
      english_possessive: { type: 'stemmer', language: 'possessive_english' },
      autocomplete_edge: { type: 'edge_ngram', min_gram: 2, max_gram: 20 },
    },
    normalizer: {
      folded: { type: 'custom', filter: ['lowercase', 'asciifolding'] },
    },
    analyzer: {
      text_en: {
        type: 'custom',
        tokenizer: 'standard',
        filter: ['english_possessive', 'lowercase', 'asciifolding', 'stop', 'english_stemmer'],
      },
      autocomplete_index: {
        type: 'custom',
        tokenizer: 'standard',
        filter: ['lowercase', 'asciifolding', 'autocomplete_edge'],
      },
      autocomplete_search: {
        type: 'custom',
        tokenizer: 'standard',
        filter: ['lowercase', 'asciifolding'],
      },
    },
  },
};

const text = (extra: Record<string, estypes.MappingProperty> = {}): estypes.MappingProperty => ({
  type: 'text',
  analyzer: 'text_en',
  fields: {
    ngram: { type: 'text', analyzer: 'autocomplete_index', search_analyzer: 'autocomplete_search' },
    ...extra,
  },
});

const facet = (): estypes.MappingProperty => ({
  type: 'text',
  analyzer: 'text_en',
  fields: {
    keyword: { type: 'keyword', ignore_above: 256 },
    ngram: { type: 'text', analyzer: 'autocomplete_index', search_analyzer: 'autocomplete_search' },
  },
});

export const PRODUCTS_MAPPINGS: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    id: { type: 'keyword' },
    title: text({ sort: { type: 'keyword', normalizer: 'folded', ignore_above: 256 } }),
    description: { type: 'text', analyzer: 'text_en' },
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
