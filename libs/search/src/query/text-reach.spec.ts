import { listingMatchQuery } from './listing-match';
import { DEFAULT_TUNING } from './relevance-tuning';
import { couldMatch, pruneTypoLookups, type WordLookup, wordLookupsOf } from './text-reach';
import { typoEdits } from './word-tiers';

/** The typo clauses of a text's query, as the check reads them. */
const typoLookups = (query: object) =>
  wordLookupsOf({ bool: query })
    .filter((lookup) => lookup.edits > 0)
    .map(({ field, word, edits }) => ({ field, word, edits }));

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

describe('typo lookups', () => {
  it('finds every typo clause the builder writes: one per word and typo field, with its edits', () => {
    const clauses = typoLookups(listingMatchQuery('wireles headphones'));
    const fields = DEFAULT_TUNING.typoFields.map((spec) => spec.split('^')[0]);
    expect(clauses).toHaveLength(2 * fields.length);
    for (const field of fields) {
      expect(clauses).toContainEqual({
        field,
        word: 'wireles',
        edits: typoEdits('wireles', DEFAULT_TUNING, field),
      });
      const last = typoEdits('headphones', DEFAULT_TUNING, field, true);
      expect(clauses).toContainEqual({ field, word: 'headphones', edits: last });
    }
  });

  it('finds none when the builder writes none (short words, or no typo fields)', () => {
    expect(typoLookups(listingMatchQuery('tv'))).toEqual([]);
    expect(
      typoLookups(listingMatchQuery('wireless headphones', { ...DEFAULT_TUNING, typoFields: [] })),
    ).toEqual([]);
  });
});

describe('pruneTypoLookups', () => {
  it('replaces only the typo clauses it is told to drop', () => {
    const query = listingMatchQuery('wireles headphones');
    const pruned = pruneTypoLookups(query, (lookup) => lookup.word === 'wireles' && lookup.field === 'title');
    expect(typoLookups(pruned)).toEqual([
      { field: 'title', word: 'wireles', edits: typoEdits('wireles', DEFAULT_TUNING, 'title') },
    ]);
    const exact = (q: object) => wordLookupsOf({ bool: q }).filter((lookup) => lookup.edits === 0);
    expect(exact(pruned)).toEqual(exact(query));
    expect(JSON.stringify(pruned)).toContain('match_none');
  });
});
