import type { estypes } from '@elastic/elasticsearch';
import type { ParsedQuery } from './parse-query';
import type { RelevanceTuning } from './relevance-tuning';
import { isNonWord } from './stop-words';
import { joinDimensions, joinUnits } from './units';
import { wordTiers } from './word-tiers';

type Query = estypes.QueryDslQueryContainer;

const PHRASE_FIELDS = ['title', 'description'] as const;
const EXCLUDE_FIELDS = ['title', 'description', 'brand', 'tags', 'category'];

/** The scoring part of the query (filters are added by the caller). */
export function relevanceQuery(parsed: ParsedQuery, tuning: RelevanceTuning): estypes.QueryDslBoolQuery {
  const must: Query[] = parsed.phrases.map((phrase) => phraseClause(phrase, tuning.phraseSlop));
  const should: Query[] = [];
  const words = queryWords(parsed.terms);
  const counted = tierWords(words, tuning);
  if (counted.length > 0) {
    must.unshift(wordTiers(counted, tuning));
    should.push(...scoringClauses(parsed.terms, words.length, tuning));
  } else if (words.length > 0) {
    must.unshift(termsClause(parsed.terms, words.length, tuning));
  }
  const mustNot = parsed.excludes.map((text) => excludeClause(text));
  return { must: must.length > 0 ? must : [{ match_all: {} }], should, must_not: mustNot };
}

export function queryWords(terms: string): string[] {
  return joinUnits(joinDimensions(terms).split(' ').filter(Boolean));
}

/** The words the word tiers count (and `relaxed.dropped` names); none for a long query. */
export function tierWords(words: readonly string[], tuning: RelevanceTuning): string[] {
  return words.length <= tuning.tierMaxWords ? words.filter((word) => !isNonWord(word)) : [];
}

/** BM25 within a word tier: whole words across fields, partial words, words close together. */
function scoringClauses(terms: string, words: number, t: RelevanceTuning): Query[] {
  const clauses: Query[] = [
    {
      multi_match: { query: terms, fields: [...t.fields], type: t.multiMatchType, tie_breaker: t.tieBreaker },
    },
  ];
  // Partial words are the typeahead case: only the last word is taken as a prefix (unless tuned otherwise).
  const prefixes = t.prefixOnEveryWord ? terms : (queryWords(terms).at(-1) ?? '');
  if (t.ngramBoost > 0 && words <= t.ngramMaxWords) clauses.push(ngramClause(prefixes, t, '1'));
  if (t.proximityBoost > 0 && words > 1) clauses.push(...proximityClauses(terms, t));
  if (t.pairBoost > 0 && words > 1) clauses.push(pairsClause(terms, t));
  if (t.surfaceBoost > 0) clauses.push(surfaceClause(terms, t));
  const head = headNoun(queryWords(terms));
  if (t.headBoost > 0 && head !== null)
    clauses.push({ match: { [t.headField]: { query: head, boost: t.headBoost } } });
  return clauses;
}

// Words found as typed, not only as the same stem ("plate" in "Switch Plate" over "Copper Plated"): a small bonus.
function surfaceClause(terms: string, t: RelevanceTuning): Query {
  return {
    multi_match: {
      query: terms,
      fields: [...t.surfaceFields],
      type: t.multiMatchType,
      tie_breaker: t.tieBreaker,
      boost: t.surfaceBoost,
    },
  };
}

/** Words that start what qualifies a query's product ("cord for outdoors", "paint with primer"). */
const QUALIFIER = /^(?:for|with|without|to|of|in|on|from)$/i;

/**
 * The query's head noun: the last real word before any qualifier ("extension cord for outdoors" → cord,
 * "oval mirror 36 in" → mirror); words with digits and stop words are skipped; null when none is left.
 */
export function headNoun(words: readonly string[]): string | null {
  const cut = words.findIndex((word, i) => i > 0 && QUALIFIER.test(word));
  const named = cut < 0 ? words : words.slice(0, cut);
  for (let i = named.length - 1; i >= 0; i--) {
    const word = named[i];
    if (!/\d/.test(word) && /\p{L}{2,}/u.test(word) && !isNonWord(word)) return word;
  }
  return null;
}

// Words the shopper typed next to each other, next to each other in the title ("pull up" in "Pull Up Shade").
function pairsClause(terms: string, t: RelevanceTuning): Query {
  return {
    match: { [t.pairField]: { query: terms, analyzer: 'joined_pairs_only', boost: t.pairBoost } },
  };
}

/** Long queries (questions, pasted text): plain BM25 over the fields, never an AND of every word. */
function termsClause(terms: string, words: number, t: RelevanceTuning): Query {
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
  if (t.proximityBoost > 0 && words > 1) should.push(...proximityClauses(terms, t));
  return { bool: { should, minimum_should_match: 1 } };
}

function ngramClause(terms: string, t: RelevanceTuning, minimumShouldMatch: string): Query {
  return {
    multi_match: {
      query: terms,
      fields: [...t.ngramFields],
      type: t.multiMatchType,
      minimum_should_match: minimumShouldMatch,
      boost: t.ngramBoost,
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
