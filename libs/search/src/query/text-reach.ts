import type { TypoClause } from './typo-reach';

/**
 * A word a text's query looks up in one field: exactly (`edits` 0: `match`, `multi_match`,
 * `match_phrase`) or within typo edits (a `match` with `fuzziness`). `ifNoTokens`: whether the
 * clause matches when the field's analyzer leaves nothing of the word (a phrase's
 * `zero_terms_query: all`).
 */
export interface WordLookup extends TypoClause {
  readonly ifNoTokens: boolean;
}

type Node = Record<string, unknown>;
const MULTI_MATCH_TYPES = new Set([undefined, 'best_fields', 'most_fields', 'cross_fields', 'phrase']);

/**
 * Whether the query could match a product, given whether each word lookup could (a superset: a
 * lookup that cannot match anything of the product's never makes a clause match). Excluded
 * clauses are ignored (they only remove matches); a query part not understood here could match.
 */
export function couldMatch(query: unknown, reaches: (lookup: WordLookup) => boolean): boolean {
  return evaluate(query, reaches, false);
}

/** Every word lookup `couldMatch` may ask about (excluded clauses left out). */
export function wordLookupsOf(query: unknown): WordLookup[] {
  const found: WordLookup[] = [];
  evaluate(query, (lookup) => found.push(lookup) > 0, true);
  return found;
}

/**
 * The query with every typo clause (a `match` with `fuzziness`) that `keep` refuses replaced by
 * `match_none`: for products no refused clause can match, it matches exactly the same ones,
 * without building those automata.
 */
export function pruneTypoLookups<T>(query: T, keep: (lookup: WordLookup) => boolean): T {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.entries(node as Node);
    const [lookup, other] =
      entries.length === 1 && entries[0][0] === 'match' ? (wordLookups('match', entries[0][1]) ?? []) : [];
    if (lookup && !other && lookup.edits > 0 && !keep(lookup)) return { match_none: {} };
    return Object.fromEntries(entries.map(([key, value]) => [key, visit(value)]));
  };
  return visit(query) as T;
}

/**
 * `couldMatch`'s walk. With `exhaustive`, every lookup in a position that counts is visited (to
 * collect them); otherwise it stops as soon as the answer is known.
 */
function evaluate(query: unknown, reaches: (lookup: WordLookup) => boolean, exhaustive: boolean): boolean {
  const every = (items: unknown[], test: (item: unknown) => boolean): boolean =>
    exhaustive ? items.map(test).every(Boolean) : items.every(test);
  const some = <T>(items: T[], test: (item: T) => boolean): boolean =>
    exhaustive ? items.map(test).some(Boolean) : items.some(test);
  const visit = (node: unknown): boolean => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return true;
    const entries = Object.entries(node as Node);
    if (entries.length !== 1) return true;
    const [[type, body]] = entries;
    const lookups = wordLookups(type, body);
    if (lookups) return some(lookups, reaches);
    const spec = (body ?? {}) as Node;
    switch (type) {
      case 'bool': {
        const list = (key: string): unknown[] => {
          const value = spec[key];
          return value === undefined ? [] : Array.isArray(value) ? value : [value];
        };
        const required = [...list('must'), ...list('filter')];
        const should = list('should');
        // Should clauses are required when nothing else is, or when a whole positive minimum says so.
        const min = spec.minimum_should_match;
        const shouldCounts =
          required.length === 0 ||
          (typeof min === 'number' ? min >= 1 : typeof min === 'string' && /^[1-9]\d*$/.test(min));
        const requiredMet = every(required, visit);
        const shouldMet = !(shouldCounts && should.length > 0) || some(should, visit);
        return requiredMet && shouldMet;
      }
      case 'dis_max':
        return some((spec.queries as unknown[] | undefined) ?? [], visit);
      case 'constant_score':
        return visit(spec.filter);
      case 'match_none':
        return false;
      default:
        return true;
    }
  };
  return visit(query);
}

/** The lookups of a `match`, `multi_match` or `match_phrase` clause; undefined for anything else. */
function wordLookups(type: string, body: unknown): WordLookup[] | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  if (type === 'multi_match') {
    const spec = body as { query?: unknown; fields?: unknown; type?: string };
    if (!MULTI_MATCH_TYPES.has(spec.type) || !Array.isArray(spec.fields)) return undefined;
    return spec.fields.map((field) => ({
      field: String(field),
      word: String(spec.query),
      edits: 0,
      ifNoTokens: false,
    }));
  }
  if (type !== 'match' && type !== 'match_phrase') return undefined;
  const fields = Object.entries(body as Node);
  if (fields.length !== 1) return undefined;
  const [[field, spec]] = fields;
  const options = (typeof spec === 'object' && spec !== null ? spec : { query: spec }) as {
    query?: unknown;
    fuzziness?: unknown;
    zero_terms_query?: string;
  };
  const edits = options.fuzziness === undefined ? 0 : Number(options.fuzziness);
  if (!(Number.isInteger(edits) && edits >= 0 && edits <= 2)) return undefined;
  return [{ field, word: String(options.query), edits, ifNoTokens: options.zero_terms_query === 'all' }];
}
