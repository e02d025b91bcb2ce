import type { estypes } from '@elastic/elasticsearch';
import type { ParsedQuery } from './parse-query';
import type { RelevanceTuning } from './relevance-tuning';

type Query = estypes.QueryDslQueryContainer;

const PHRASE_FIELDS = ['title', 'description'] as const;
const EXCLUDE_FIELDS = ['title', 'description', 'brand', 'tags', 'category'];

/** The scoring part of the query (filters are added by the caller). */
export function relevanceQuery(parsed: ParsedQuery, tuning: RelevanceTuning): estypes.QueryDslBoolQuery {
  const must: Query[] = parsed.phrases.map((phrase) => phraseClause(phrase, tuning.phraseSlop));
  if (parsed.terms) must.unshift(termsClause(parsed.terms, tuning));
  const mustNot = parsed.excludes.map((text) => excludeClause(text));
  return { must: must.length > 0 ? must : [{ match_all: {} }], must_not: mustNot };
}

/** Exact (stemmed) words OR partial words OR typos; each alternative needs enough of the words. */
function termsClause(terms: string, t: RelevanceTuning): Query {
  const words = wordCount(terms);
  const should: Query[] = [
    {
      multi_match: {
        query: terms,
        fields: [...t.fields],
        type: t.multiMatchType,
        tie_breaker: t.tieBreaker,
        minimum_should_match: t.minimumShouldMatch,
      },
    },
  ];
  if (words <= t.ngramMaxWords) should.push(ngramClause(terms, t));
  if (words <= t.fuzzyMaxWords) should.push(fuzzyClause(terms, t));
  if (t.proximityBoost > 0 && words > 1) should.push(...proximityClauses(terms, t));
  return { bool: { should, minimum_should_match: 1 } };
}

function ngramClause(terms: string, t: RelevanceTuning): Query {
  return {
    multi_match: {
      query: terms,
      fields: [...t.ngramFields],
      type: t.multiMatchType,
      minimum_should_match: t.minimumShouldMatch,
      boost: t.ngramBoost,
    },
  };
}

// cross_fields cannot be fuzzy: typos are matched field by field.
function fuzzyClause(terms: string, t: RelevanceTuning): Query {
  return {
    multi_match: {
      query: terms,
      fields: [...t.fields],
      type: 'best_fields',
      tie_breaker: t.tieBreaker,
      minimum_should_match: t.minimumShouldMatch,
      fuzziness: 'AUTO',
      prefix_length: 1,
      max_expansions: 20,
      boost: t.fuzzyBoost,
    },
  };
}

// Only ever adds score: a document matched by the clauses above ranks higher when the words sit together.
function proximityClauses(terms: string, t: RelevanceTuning): Query[] {
  return PHRASE_FIELDS.map((field) => ({
    match_phrase: { [field]: { query: terms, slop: t.proximitySlop, boost: t.proximityBoost } },
  }));
}

function phraseClause(phrase: string, slop: number): Query {
  return {
    bool: {
      should: PHRASE_FIELDS.map((field) => ({
        // A phrase of stop words only ("the") analyzes to nothing: let it match rather than empty the page.
        match_phrase: { [field]: { query: phrase, slop, zero_terms_query: 'all' as const } },
      })),
      minimum_should_match: 1,
    },
  };
}

function excludeClause(text: string): Query {
  return { multi_match: { query: text, fields: EXCLUDE_FIELDS, type: 'phrase' } };
}

function wordCount(terms: string): number {
  return terms.split(' ').filter(Boolean).length;
}
