import type { estypes } from '@elastic/elasticsearch';
import { SearchError } from '../search-error';
import { BEST_MATCH_AGG, buildSearchRequest } from './build-search-request';
import { encodeCursor } from './cursor';
import { DEFAULT_TUNING } from './relevance-tuning';
import type { SearchParams } from './search-params';
import { typoEdits } from './word-tiers';

type Query = estypes.QueryDslQueryContainer;

const base: SearchParams = { q: '', tags: [], sort: 'relevance', page: 1, size: 20 };
const build = (change: Partial<SearchParams>) => buildSearchRequest({ ...base, ...change }).body;
const boolOf = (body: ReturnType<typeof build>) => body.query?.bool as estypes.QueryDslBoolQuery;
const asList = (clauses: Query | Query[] | undefined): Query[] =>
  clauses === undefined ? [] : Array.isArray(clauses) ? clauses : [clauses];
const textClause = (body: ReturnType<typeof build>) => asList(boolOf(body).must)[0].bool?.should as Query[];

function errorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SearchError) return error.code;
    throw error;
  }
  return undefined;
}

describe('buildSearchRequest: query text', () => {
  it('uses only analyzed match queries; syntax characters reach Elasticsearch as plain text', () => {
    const q = 'title:(foo OR bar*) AND baz~2 /re/ qux* \\';
    const body = build({ q });
    const json = JSON.stringify(body);
    expect(json).not.toMatch(/query_string|simple_query_string|"regexp"|"wildcard"|"prefix"|"script"/);
    // Too many words for word tiers: one BM25 multi_match over the whole text.
    const main = textClause(body)[0].multi_match;
    expect(main?.query).toBe(q);
    expect(main?.fields).toEqual(DEFAULT_TUNING.fields);
    const short = asList(boolOf(build({ q: 'foo* AND (bar)' })).should)[0].multi_match;
    expect(short).toMatchObject({ query: 'foo* AND (bar)', fields: DEFAULT_TUNING.fields });
  });

  it('needs one word, and credits each matched word far above any BM25 score (exact > prefix > ending > typo)', () => {
    const tiers = textClause(build({ q: 'sony headphnes' }));
    expect(asList(boolOf(build({ q: 'sony headphnes' })).must)[0].bool?.minimum_should_match).toBe(1);
    expect(tiers.map((c) => c.dis_max?._name)).toEqual(['word:0', 'word:1']);
    const [exact, prefix, ending, typo] = (tiers[1].dis_max?.queries ?? []).map((c) => c.constant_score);
    expect(exact?.boost).toBe(DEFAULT_TUNING.wordWeight);
    expect(exact?.filter.multi_match).toMatchObject({ query: 'headphnes', operator: 'and' });
    expect(prefix?.filter.multi_match?.fields).toEqual(expect.arrayContaining(['title.ngram']));
    expect(ending?.filter.multi_match?.fields).toEqual(['title.endings']);
    expect(typo?.filter.match?.title).toMatchObject({ fuzziness: 2, prefix_length: 1 });
    expect(DEFAULT_TUNING.wordWeight).toBeGreaterThan(prefix?.boost ?? Infinity);
    expect(prefix?.boost).toBeGreaterThan(ending?.boost ?? Infinity);
    expect(ending?.boost).toBeGreaterThan(typo?.boost ?? Infinity);
    // Two words matched only as compound endings still beat one exact word.
    expect(2 * (ending?.boost ?? 0)).toBeGreaterThan(DEFAULT_TUNING.wordWeight);
    // Every word may be a prefix ("bath" in "Bathroom") or a compound's ending; "sony" (4 letters) may have a
    // typo in the title only.
    const sony = (tiers[0].dis_max?.queries ?? []).map((c) => c.constant_score?.filter);
    expect(sony).toHaveLength(4);
    expect(sony[2]?.multi_match?.fields).toEqual(['title.endings']);
    expect(Object.keys(sony[3]?.match ?? {})).toEqual(['title']);
  });

  it('credits a word found only at the end of a compound ("wood" in "Hardwood") from 4 letters, never with digits', () => {
    const endings = (q: string) =>
      (textClause(build({ q }))[0].dis_max?.queries ?? []).filter((c) =>
        c.constant_score?.filter.multi_match?.fields?.includes('title.endings'),
      );
    expect(endings('wood floor')).toHaveLength(1);
    expect(endings('saw blade')).toHaveLength(0);
    expect(endings('2x10 board')).toHaveLength(0);
  });

  it('allows no typo below 5 letters or in words with digits, one from 5, two from 9 (4 and 8 in the title, 5 for its last word)', () => {
    const t = DEFAULT_TUNING;
    expect([typoEdits('lapt', t), typoEdits('otr', t), typoEdits('2x4x8', t)]).toEqual([0, 0, 0]);
    expect([typoEdits('laptp', t), typoEdits('headphne', t), typoEdits('headphnes', t)]).toEqual([1, 1, 2]);
    const inTitle = (word: string) => typoEdits(word, t, 'title');
    // A 4-letter last word is read as a prefix being typed: no typo.
    expect([typoEdits('lapt', t, 'title', true), typoEdits('laptp', t, 'title', true)]).toEqual([0, 1]);
    expect([inTitle('otr'), inTitle('2x4x8'), inTitle('lapt'), inTitle('laptp')]).toEqual([0, 0, 1, 1]);
    expect([inTitle('headphn'), inTitle('headphne'), typoEdits('headphne', t, 'description')]).toEqual([
      1, 2, 1,
    ]);
  });

  it('orders a tier by the head noun and by words found as typed, on short queries only', () => {
    const should = asList(boolOf(build({ q: 'extension cord for outdoors' })).should);
    expect(should).toContainEqual({
      match: { 'title.head': { query: 'cord', boost: DEFAULT_TUNING.headBoost } },
    });
    expect(should.find((c) => c.multi_match?.fields?.includes('title.words^1'))?.multi_match).toMatchObject({
      query: 'extension cord for outdoors',
      boost: DEFAULT_TUNING.surfaceBoost,
    });
    const long = 'what similarity laws must be obeyed when constructing aeroelastic models';
    expect(JSON.stringify(build({ q: long }).query)).not.toMatch(/title\.head|title\.words/);
  });

  it('does not require every word of a long natural-language query', () => {
    const q = 'what similarity laws must be obeyed when constructing aeroelastic models of heated aircraft';
    const clauses = textClause(build({ q }));
    const json = JSON.stringify(clauses);
    expect(json).not.toContain('"operator":"and"');
    expect(clauses[0].multi_match?.minimum_should_match).toBe('1');
    // Typo expansion of every word of a long query costs much and adds noise.
    expect(json).not.toContain('fuzziness');
  });

  it('requires quoted phrases (slop ≤ 1) and removes -excluded words', () => {
    const bool = boolOf(build({ q: 'sony "noise cancelling" -wired' }));
    const must = asList(bool.must);
    expect(must).toHaveLength(2);
    const phrases = must[1].bool?.should as Query[];
    for (const clause of phrases) {
      const [field, spec] = Object.entries(clause.match_phrase ?? {})[0];
      expect(['title', 'description']).toContain(field);
      expect(spec).toMatchObject({ query: 'noise cancelling' });
      expect((spec as { slop: number }).slop).toBeLessThanOrEqual(1);
    }
    const mustNot = asList(bool.must_not);
    expect(mustNot).toHaveLength(1);
    expect(mustNot[0].multi_match?.query).toBe('wired');
    expect(JSON.stringify(must[0])).not.toContain('wired');
  });

  it('browses with match_all, no highlight and newest first when q is empty', () => {
    const body = build({ q: '' });
    expect(boolOf(body).must).toEqual([{ match_all: {} }]);
    expect(body.highlight).toBeUndefined();
    expect(body.sort).toEqual([{ createdAt: { order: 'desc', missing: 0 } }, { id: { order: 'asc' } }]);
  });

  it('highlights title (and its n-gram subfield) and description when there is text', () => {
    const fields = build({ q: 'lapt' }).highlight?.fields as Record<string, unknown>;
    expect(Object.keys(fields).sort()).toEqual(['description', 'title', 'title.ngram']);
  });

  it('asks for the best match only where the first hit is not it (another sort, a later page)', () => {
    const built = (change: Partial<SearchParams>) =>
      buildSearchRequest({ ...base, q: 'oak desk', ...change });
    const first = built({});
    expect(first.bestMatchIsFirstHit).toBe(true);
    expect(first.body.aggs).not.toHaveProperty(BEST_MATCH_AGG);
    for (const later of [built({ sort: 'price_asc' }), built({ page: 2 })]) {
      expect(later.bestMatchIsFirstHit).toBe(false);
      expect(later.body.aggs).toHaveProperty(BEST_MATCH_AGG);
    }
  });

  it('highlights with the lighter highlight query, not the full one (highlight-query.ts)', () => {
    const body = build({ q: 'wireles headphones' });
    const fuzzy = (query: unknown) => JSON.stringify(query).split('"fuzziness"').length - 1;
    expect(fuzzy(body.highlight?.highlight_query)).toBe(2);
    expect(fuzzy(body.query)).toBeGreaterThan(2);
  });
});

describe('buildSearchRequest: filters and facets', () => {
  const params = {
    q: 'x',
    category: 'Audio',
    brand: 'sony',
    tags: ['a', 'b'],
    minPrice: 10,
    maxPrice: 99,
    inStock: true,
  };

  it('narrows by tags and stock in the query, and by facet fields in post_filter', () => {
    const body = build(params);
    expect(boolOf(body).filter).toEqual([
      { term: { 'tags.keyword': { value: 'a', case_insensitive: true } } },
      { term: { 'tags.keyword': { value: 'b', case_insensitive: true } } },
      { range: { stock: { gt: 0 } } },
    ]);
    expect(body.post_filter?.bool?.filter).toEqual([
      { term: { 'category.keyword': { value: 'Audio', case_insensitive: true } } },
      { term: { 'brand.keyword': { value: 'sony', case_insensitive: true } } },
      { range: { price: { gte: 10, lte: 99 } } },
    ]);
  });

  it('counts each facet under every post filter except its own', () => {
    const aggs = build(params).aggs as Record<string, estypes.AggregationsAggregationContainer>;
    const fieldOf = (c: Query) => Object.keys(c.term ?? c.range ?? {})[0]?.split('.')[0];
    const fieldsOf = (name: string) => asList(aggs[name].filter?.bool?.filter).map(fieldOf);
    expect(fieldsOf('category')).toEqual(['brand', 'price']);
    expect(fieldsOf('brand')).toEqual(['category', 'price']);
    expect(fieldsOf('price')).toEqual(['category', 'brand']);
  });

  it('selects out-of-stock products for inStock=false', () => {
    expect(boolOf(build({ inStock: false })).filter).toEqual([
      { bool: { must_not: [{ range: { stock: { gt: 0 } } }] } },
    ]);
  });

  it('rejects minPrice above maxPrice', () => {
    expect(errorCode(() => build({ minPrice: 10, maxPrice: 5 }))).toBe('invalid_price_range');
  });
});

describe('buildSearchRequest: sorting and paging', () => {
  it.each([
    ['relevance', '_score', 'desc'],
    ['price_asc', 'price', 'asc'],
    ['price_desc', 'price', 'desc'],
    ['newest', 'createdAt', 'desc'],
    ['rating', 'rating', 'desc'],
  ] as const)('sorts %s by %s %s, then by id', (sort, field, order) => {
    const clauses = build({ q: 'x', sort }).sort as Record<string, { order: string }>[];
    expect(Object.keys(clauses[0])).toEqual([field]);
    expect(clauses[0][field].order).toBe(order);
    expect(clauses.at(-1)).toEqual({ id: { order: 'asc' } });
  });

  it('pages by offset up to 10,000 hits and refuses beyond', () => {
    expect(buildSearchRequest({ ...base, page: 100, size: 100 }).body.from).toBe(9_900);
    expect(errorCode(() => build({ page: 101, size: 100 }))).toBe('result_window_too_large');
  });

  it('continues after a cursor with search_after and counts the page on', () => {
    const params = { ...base, q: 'x' };
    const cursor = encodeCursor(params, { after: [3.5, 'p-7'], page: 120, seen: 12_000 });
    const built = buildSearchRequest({ ...params, cursor });
    expect(built.body).toMatchObject({ from: 0, search_after: [3.5, 'p-7'] });
    expect(built.window).toEqual({ from: 0, searchAfter: [3.5, 'p-7'], page: 121, offset: 12_000 });
  });

  it('refuses a cursor together with a page, and a cursor of another query', () => {
    const cursor = encodeCursor({ ...base, q: 'x' }, { after: [1, 'a'], page: 1, seen: 20 });
    expect(errorCode(() => build({ q: 'x', cursor, page: 2 }))).toBe('invalid_pagination');
    expect(errorCode(() => build({ q: 'y', cursor }))).toBe('invalid_cursor');
  });
});
