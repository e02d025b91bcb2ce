import type { estypes, TransportRequestOptions } from '@elastic/elasticsearch';
import type { ElasticsearchService } from '@nestjs/elasticsearch';
import type { ListingTextPlan, ListingTextPlans } from '../query/listing-text-plans';
import { DEFAULT_TUNING, type RelevanceTuning } from '../query/relevance-tuning';
import { couldMatch, pruneTypoLookups, type WordLookup } from '../query/text-reach';
import { tokensPerText, type TypoClause, withinEdits } from '../query/typo-reach';
import { PRODUCTS_MAPPINGS } from './products.mapping';

/** Texts checked per search (each a filter aggregation): well below the clause limit. */
const TEXTS_PER_SEARCH = 25;
const BARE = { positions: false, payloads: false, term_statistics: false, field_statistics: false };

/** Every text field and text subfield of the mapping: what a listing's word lookups can name. */
const TEXT_FIELDS: readonly string[] = Object.entries(PRODUCTS_MAPPINGS.properties ?? {}).flatMap(
  ([name, spec]) => {
    const text = spec as estypes.MappingTextProperty;
    if (text.type !== 'text') return [];
    const subfields = Object.entries(text.fields ?? {}).filter(([, sub]) => sub.type === 'text');
    return [name, ...subfields.map(([sub]) => `${name}.${sub}`)];
  },
);

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
 * The products' indexed terms per text field, as they were when read (`productTerms`): kept from
 * before a write, they tell which texts could have listed the products then.
 */
export interface ProductTerms {
  readonly byField: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Which texts list at least one of the products, and with `before`, also those that could have
 * listed one of them when those terms were read. Building each text's clauses (an automaton per
 * word and field for its typo clauses above all) is most of what asking costs, so only the texts
 * that could match are asked, with only their typo clauses that could: a text could match if its
 * query could with what each word lookup finds among the products' indexed terms of that field
 * (the products' term vectors; the word as the field's search analyzer makes it, synonyms
 * included): one of its tokens among them, or within a typo clause's edits of one (a superset of
 * what the lookup matches; text-reach.ts). The past cannot be asked: a text that could have
 * listed them counts. If that cannot be told, every text is asked in full (and counts as listing
 * them before).
 */
export async function textsListing(
  ctx: CheckContext,
  productIds: readonly string[],
  texts: readonly string[],
  before?: ProductTerms,
): Promise<ReadonlySet<string>> {
  if (texts.length === 0 || productIds.length === 0) return new Set();
  const plans = [...new Set(texts)].map((text) => ctx.plans.of(text));
  let reachable: TextQuery[] = plans;
  let listedBefore: readonly ListingTextPlan[] = before ? plans : [];
  try {
    const { terms, tokens } = await termsAndWords(
      ctx,
      productIds,
      plans.flatMap((plan) => plan.lookups),
    );
    const now = reachOf(terms, tokens, false);
    reachable = plans
      .filter(({ query }) => couldMatch({ bool: query }, now))
      .map(({ text, query }) => ({ text, query: pruneTypoLookups(query, now) }));
    if (before) {
      const then = reachOf(before.byField, tokens, true);
      listedBefore = plans.filter(({ query }) => couldMatch({ bool: query }, then));
    }
  } catch {
    // Every text is asked in full, and counts as listing them before.
  }
  const listing = await matching(ctx, productIds, reachable);
  for (const { text } of listedBefore) listing.add(text);
  return listing;
}

/**
 * The products' indexed terms of every text field (realtime: as the store has them now, written or
 * not yet refreshed). A product that does not exist has none.
 */
export async function productTerms(ctx: CheckContext, productIds: readonly string[]): Promise<ProductTerms> {
  const result = await ctx.run('product_terms', () =>
    ctx.es.mtermvectors(
      {
        index: ctx.alias,
        realtime: true,
        docs: productIds.map((id) => ({ _id: id, fields: [...TEXT_FIELDS], offsets: false, ...BARE })),
      },
      ctx.options(),
    ),
  );
  return { byField: termsOf(result.docs, productIds.length) };
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
 * Whether a word lookup could find anything among `terms` (the products' indexed terms by field).
 * A field `terms` does not hold could (`unknownField`) or could not.
 */
function reachOf(
  terms: ReadonlyMap<string, ReadonlySet<string>>,
  tokens: ReadonlyMap<string, readonly string[]>,
  unknownField: boolean,
): (lookup: WordLookup) => boolean {
  const known = new Map<string, boolean>();
  return (lookup) => {
    const key = `${lookup.field}\u0000${lookup.edits}\u0000${lookup.ifNoTokens}\u0000${lookup.word}`;
    let answer = known.get(key);
    if (answer === undefined) {
      const words = tokens.get(tokenKey(lookup)) ?? [];
      const indexed = terms.get(lookup.field);
      if (words.length === 0) answer = lookup.ifNoTokens;
      else if (!indexed) answer = unknownField;
      else if (lookup.edits === 0) answer = words.some((word) => indexed.has(word));
      else answer = withinEdits(words, indexed, lookup.edits);
      known.set(key, answer);
    }
    return answer;
  };
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
  const result = await ctx.run('texts_listing_terms', () =>
    ctx.es.mtermvectors(
      {
        index: ctx.alias,
        realtime: true,
        docs: [
          ...productIds.map((id) => ({ _id: id, fields: [...fields], offsets: false, ...BARE })),
          ...analyzed.map(({ analyzer, field, words }) => ({
            doc: { [field.split('.')[0]]: words },
            fields: [field],
            per_field_analyzer: { [field]: analyzer },
            offsets: true,
            ...BARE,
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
  const terms = termsOf(docs, productIds.length, fields);
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

/**
 * The terms per field of the first `count` documents (checked for errors), with an empty set for
 * each of `fields` they lack.
 */
function termsOf(
  docs: readonly estypes.MtermvectorsTermVectorsResult[],
  count: number,
  fields: readonly string[] = TEXT_FIELDS,
): Map<string, Set<string>> {
  if (docs.length < count) throw new Error(`term vectors: ${docs.length} documents for ${count}`);
  const terms = new Map(fields.map((field) => [field, new Set<string>()]));
  for (const doc of docs.slice(0, count)) {
    if ('error' in doc && doc.error)
      throw new Error(`term vectors of ${doc._id}: ${JSON.stringify(doc.error)}`);
    for (const [field, vector] of Object.entries(doc.term_vectors ?? {})) {
      for (const term of Object.keys(vector.terms ?? {})) terms.get(field)?.add(term);
    }
  }
  return terms;
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
