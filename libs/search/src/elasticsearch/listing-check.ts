import type { estypes, TransportRequestOptions } from '@elastic/elasticsearch';
import type { ElasticsearchService } from '@nestjs/elasticsearch';
import type { ListingTextPlan, ListingTextPlans } from '../query/listing-text-plans';
import { DEFAULT_TUNING, type RelevanceTuning } from '../query/relevance-tuning';
import { couldMatch, pruneTypoLookups, type WordLookup } from '../query/text-reach';
import { tokensPerText, type TypoClause, withinEdits } from '../query/typo-reach';
import { PRODUCTS_MAPPINGS } from './products.mapping';

/** Texts checked per search (each a filter aggregation): well below the clause limit. */
const TEXTS_PER_SEARCH = 25;
/** The relevance query without its typo clauses: matches a subset, cheaply (no automata). */
export const WITHOUT_TYPOS: RelevanceTuning = { ...DEFAULT_TUNING, typoFields: [] };

/** What the check needs of the adapter: the client, where and how to ask, and its timing of requests. */
export interface CheckContext {
  readonly es: ElasticsearchService;
  readonly alias: string;
  /** The listing texts' queries and lookups, built once per text. */
  readonly plans: ListingTextPlans;
  options(): TransportRequestOptions;
  run<T extends object>(operation: string, call: () => Promise<T>): Promise<T>;
}

/**
 * Which texts list at least one of the products. Building each text's clauses (an automaton per
 * word and field for its typo clauses above all) is most of what asking costs, so only the texts
 * that could match are asked, with only their typo clauses that could: a text could match if its
 * query could with what each word lookup finds among the products' indexed terms of that field
 * (the products' term vectors; the word as the field's search analyzer makes it, synonyms
 * included): one of its tokens among them, or within a typo clause's edits of one (a superset of
 * what the lookup matches; text-reach.ts). If that cannot be told, every text is asked in full.
 */
export async function textsListing(
  ctx: CheckContext,
  productIds: readonly string[],
  texts: readonly string[],
): Promise<ReadonlySet<string>> {
  if (texts.length === 0 || productIds.length === 0) return new Set();
  const queries = [...new Set(texts)].map((text) => ctx.plans.of(text));
  const reachable = await withinReach(ctx, productIds, queries).catch(() => queries);
  return matching(ctx, productIds, reachable);
}

interface TextQuery {
  readonly text: string;
  readonly query: estypes.QueryDslBoolQuery;
}

/** The texts whose query matches one of the products; a search that failed counts its texts in. */
async function matching(
  ctx: CheckContext,
  productIds: readonly string[],
  queries: readonly TextQuery[],
): Promise<Set<string>> {
  const listing = new Set<string>();
  if (queries.length === 0) return listing;
  const chunks: TextQuery[][] = [];
  for (let i = 0; i < queries.length; i += TEXTS_PER_SEARCH)
    chunks.push(queries.slice(i, i + TEXTS_PER_SEARCH));
  // Only these products are looked at; each text is a filter aggregation counting those it matches
  // (no fetch phase: cheaper than named queries on the hits).
  const searches = chunks.flatMap((chunk) => [
    { index: ctx.alias },
    {
      size: 0,
      track_total_hits: false,
      query: { ids: { values: [...productIds] } },
      aggs: Object.fromEntries(chunk.map(({ query }, i) => [`t${i}`, { filter: { bool: query } }])),
    },
  ]);
  const result = await ctx.run('texts_listing', () => ctx.es.msearch({ searches }, ctx.options()));
  result.responses.forEach((response, c) => {
    if ('error' in response) return chunks[c].forEach(({ text }) => listing.add(text));
    const counts = (response.aggregations ?? {}) as Record<string, { doc_count?: number }>;
    chunks[c].forEach(({ text }, i) => {
      if ((counts[`t${i}`]?.doc_count ?? 1) > 0) listing.add(text);
    });
  });
  return listing;
}

/**
 * The texts that could match one of the products, each with only the typo clauses that could
 * (throws if it cannot tell).
 */
async function withinReach(
  ctx: CheckContext,
  productIds: readonly string[],
  queries: readonly ListingTextPlan[],
): Promise<TextQuery[]> {
  const lookups = queries.flatMap((plan) => plan.lookups);
  const { terms, tokens } = await termsAndWords(ctx, productIds, lookups);
  const known = new Map<string, boolean>();
  const reaches = (lookup: WordLookup): boolean => {
    const key = `${lookup.field}\u0000${lookup.edits}\u0000${lookup.ifNoTokens}\u0000${lookup.word}`;
    let answer = known.get(key);
    if (answer === undefined) {
      const words = tokens.get(tokenKey(lookup)) ?? [];
      const indexed = terms.get(lookup.field) ?? new Set<string>();
      if (words.length === 0) answer = lookup.ifNoTokens;
      else if (lookup.edits === 0) answer = words.some((word) => indexed.has(word));
      else answer = withinEdits(words, indexed, lookup.edits);
      known.set(key, answer);
    }
    return answer;
  };
  return queries
    .filter(({ query }) => couldMatch({ bool: query }, reaches))
    .map(({ text, query }) => ({
      text,
      query: pruneTypoLookups(query, reaches),
    }));
}

/**
 * In one term-vectors request (Elasticsearch charges each isolated request a fixed cost, whatever
 * it asks; bench/README.md): the products' indexed terms per field, as Elasticsearch has them now
 * (realtime), and each lookup's word as its field's search analyzer makes it (by `tokenKey`), from
 * one artificial document per analyzer holding the words as an array (offsets as `_analyze` gives
 * them).
 */
async function termsAndWords(
  ctx: CheckContext,
  productIds: readonly string[],
  lookups: readonly TypoClause[],
): Promise<{ terms: Map<string, Set<string>>; tokens: Map<string, string[]> }> {
  const fields = [...new Set(lookups.map((c) => c.field))];
  const analyzed = wordsPerAnalyzer(lookups);
  const bare = { positions: false, payloads: false, term_statistics: false, field_statistics: false };
  const result = await ctx.run('texts_listing_terms', () =>
    ctx.es.mtermvectors(
      {
        index: ctx.alias,
        realtime: true,
        docs: [
          ...productIds.map((id) => ({ _id: id, fields: [...fields], offsets: false, ...bare })),
          ...analyzed.map(({ analyzer, field, words }) => ({
            doc: { [field.split('.')[0]]: words },
            fields: [field],
            per_field_analyzer: { [field]: analyzer },
            offsets: true,
            ...bare,
          })),
        ],
      },
      ctx.options(),
    ),
  );
  const docs = result.docs;
  if (docs.length !== productIds.length + analyzed.length)
    throw new Error(`term vectors: ${docs.length} documents for ${productIds.length + analyzed.length}`);
  for (const doc of docs) {
    if ('error' in doc && doc.error)
      throw new Error(`term vectors of ${doc._id ?? 'words'}: ${JSON.stringify(doc.error)}`);
  }
  const terms = new Map(fields.map((field) => [field, new Set<string>()]));
  for (const doc of docs.slice(0, productIds.length)) {
    for (const [field, vector] of Object.entries(doc.term_vectors ?? {})) {
      for (const term of Object.keys(vector.terms ?? {})) terms.get(field)?.add(term);
    }
  }
  const tokens = new Map<string, string[]>();
  analyzed.forEach(({ analyzer, field, words }, i) => {
    const vector = docs[productIds.length + i].term_vectors?.[field];
    const found = Object.entries(vector?.terms ?? {}).flatMap(([token, term]) =>
      (term.tokens ?? []).map((at) => ({ token, start_offset: at.start_offset ?? -1 })),
    );
    const per = tokensPerText(words, found);
    if (!per) throw new Error(`could not split the tokens of ${analyzer}`);
    words.forEach((word, w) => tokens.set(`${analyzer}\u0000${word}`, per[w]));
  });
  return { terms, tokens };
}

/** The lookups' distinct words per search analyzer, with one field that analyzer searches. */
function wordsPerAnalyzer(
  lookups: readonly TypoClause[],
): { analyzer: string; field: string; words: string[] }[] {
  const byAnalyzer = new Map<string, { field: string; words: Set<string> }>();
  for (const c of lookups) {
    const analyzer = searchAnalyzer(c.field);
    let entry = byAnalyzer.get(analyzer);
    if (!entry) byAnalyzer.set(analyzer, (entry = { field: c.field, words: new Set<string>() }));
    entry.words.add(c.word);
  }
  return [...byAnalyzer].map(([analyzer, { field, words }]) => ({ analyzer, field, words: [...words] }));
}

function tokenKey(c: TypoClause): string {
  return `${searchAnalyzer(c.field)}\u0000${c.word}`;
}

/** The analyzer a `match` on this field uses for its text (throws for a field the mapping lacks). */
function searchAnalyzer(field: string): string {
  const [root, sub] = field.split('.');
  const top = PRODUCTS_MAPPINGS.properties?.[root] as estypes.MappingTextProperty | undefined;
  const spec = (sub === undefined ? top : top?.fields?.[sub]) as estypes.MappingTextProperty | undefined;
  const analyzer = spec?.search_analyzer ?? spec?.analyzer;
  if (!analyzer) throw new Error(`no analyzer for ${field}`);
  return analyzer;
}
