import { listingMatchQuery } from './listing-match';
import { couldMatch, type WordLookup, wordLookupsOf } from './text-reach';

const match = (field: string, word: string, fuzziness?: number): unknown => ({
  match: { [field]: fuzziness === undefined ? word : { query: word, fuzziness } },
});

/** Lookups reach when their word is in the field's "indexed" words (typos: the same, fuzzily named). */
const indexed =
  (words: Record<string, string[]>) =>
  (lookup: WordLookup): boolean =>
    (words[lookup.field] ?? []).includes(lookup.word);

describe('couldMatch', () => {
  it('needs every required clause, and one should clause when nothing else is required', () => {
    const query = { bool: { must: [match('title', 'lamp'), match('title', 'desk')] } };
    expect(couldMatch(query, indexed({ title: ['lamp', 'desk'] }))).toBe(true);
    expect(couldMatch(query, indexed({ title: ['lamp'] }))).toBe(false);
    const either = { bool: { should: [match('title', 'lamp'), match('brand', 'acme')] } };
    expect(couldMatch(either, indexed({ brand: ['acme'] }))).toBe(true);
    expect(couldMatch(either, indexed({}))).toBe(false);
  });

  it('ignores optional should clauses and excluded ones, and assumes what it does not know could match', () => {
    const optional = { bool: { must: [match('title', 'lamp')], should: [match('title', 'desk')] } };
    expect(couldMatch(optional, indexed({ title: ['lamp'] }))).toBe(true);
    const counted = { bool: { ...optional.bool, minimum_should_match: 1 } };
    expect(couldMatch(counted, indexed({ title: ['lamp'] }))).toBe(false);
    const excluded = { bool: { must_not: [match('title', 'lamp')] } };
    expect(couldMatch(excluded, indexed({ title: ['lamp'] }))).toBe(true);
    expect(couldMatch({ wildcard: { title: 'la*' } }, indexed({}))).toBe(true);
    expect(couldMatch({ match_none: {} }, indexed({ title: ['lamp'] }))).toBe(false);
  });

  it("reads the query builder's words: every field of a multi_match, phrases, typo clauses", () => {
    const query = { bool: listingMatchQuery('lantern -cable "warm light"') };
    const lookups = wordLookupsOf(query);
    expect(lookups.some((l) => l.field === 'title.ngram' && l.word === 'lantern' && l.edits === 0)).toBe(
      true,
    );
    expect(lookups.some((l) => l.field === 'title' && l.word === 'lantern' && l.edits > 0)).toBe(true);
    expect(lookups.some((l) => l.word === 'warm light' && l.ifNoTokens)).toBe(true);
    expect(lookups.some((l) => l.word === 'cable')).toBe(false);
    // A product with the word only in its description and the phrase in its title could match.
    const product = indexed({ description: ['lantern'], title: ['warm light'] });
    expect(couldMatch(query, product)).toBe(true);
    expect(couldMatch(query, indexed({ description: ['lantern'] }))).toBe(false);
  });
});
