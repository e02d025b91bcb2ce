import type { Client } from '@elastic/elasticsearch';
import request from 'supertest';
import { ProductSearch, productsAlias } from '@app/search';
import { dropTestData } from './support/cleanup';
import { eventually, rawEs } from './support/es';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';
import { type FixtureProduct, PRODUCTS, words } from './search-fixture';

type Params = Record<string, string | number | boolean | string[]>;
interface Hit {
  id: string;
  score: number | null;
  highlight: { title?: string[]; description?: string[] };
}
type Facet = { value: string; count: number }[];

const TEXT_FIELDS: (keyof FixtureProduct)[] = ['title', 'description', 'brand', 'tags', 'category'];
const byId = (a: FixtureProduct, b: FixtureProduct): number => a.id.localeCompare(b.id);
const idsOf = (products: FixtureProduct[]): string[] => products.map((p) => p.id).sort();

function queryString(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  return search.toString();
}

function countBy(products: FixtureProduct[], key: 'brand' | 'category'): Facet {
  const counts = new Map<string, number>();
  for (const p of products) counts.set(p[key], (counts.get(p[key]) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

describe('GET /search and /search/suggest on real Elasticsearch', () => {
  const config = testConfig();
  let app: TestApp;
  let es: Client;

  const get = (path: string, params: Params = {}) => request(app.url).get(`${path}?${queryString(params)}`);
  const search = async (params: Params) => {
    const res = await get('/search', params).expect(200);
    return res.body as {
      hits: Hit[];
      total: { value: number; relation: string };
      nextCursor: string | null;
    } & Record<string, unknown>;
  };
  const hitIds = async (params: Params): Promise<string[]> =>
    (await search({ size: 100, ...params })).hits.map((h) => h.id);

  beforeAll(async () => {
    es = rawEs(config);
    app = await startTestApp(config);
    const alias = productsAlias(config.elasticsearch.indexPrefix);
    await eventually(() => es.indices.getAlias({ name: alias }));
    const operations = PRODUCTS.flatMap((p) => [{ index: { _index: alias, _id: p.id } }, p]);
    const bulk = await es.bulk({ operations, refresh: true });
    expect(bulk.errors).toBe(false);
  });
  afterAll(async () => {
    await app.close();
    await dropTestData(config);
    await es.close();
  });

  describe('matching', () => {
    it('finds partial words (`lapt` → laptop) in titles, brands, tags and categories', async () => {
      const expected = PRODUCTS.filter((p) =>
        words(p, ['title', 'brand', 'tags', 'category']).some((w) => w.startsWith('lapt')),
      );
      expect(expected.length).toBeGreaterThan(1);
      expect((await hitIds({ q: 'lapt' })).sort()).toEqual(idsOf(expected));
    });

    it('requires a quoted phrase as a phrase, where the bare words match more', async () => {
      const hasPhrase = PRODUCTS.filter((p) => /noise cancelling/i.test(`${p.title} ${p.description}`));
      expect((await hitIds({ q: '"noise cancelling"' })).sort()).toEqual(idsOf(hasPhrase));
      const bareWords = await hitIds({ q: 'noise cancelling' });
      const wordsApart = PRODUCTS.find((p) => p.id === 'p07');
      expect(hasPhrase.map((p) => p.id)).not.toContain(wordsApart?.id);
      expect(bareWords).toContain(wordsApart?.id);
    });

    it('tolerates a typo (`headphnes` → headphones)', async () => {
      const headphones = PRODUCTS.filter((p) => words(p, ['title', 'description']).includes('headphones'));
      const found = await hitIds({ q: 'headphnes' });
      expect(found.slice(0, headphones.length).sort()).toEqual(idsOf(headphones));
    });

    it('ranks exact matches above typo-distance matches (`clean` above `clear`)', async () => {
      const exact = new Set(PRODUCTS.filter((p) => words(p, TEXT_FIELDS).includes('clean')).map((p) => p.id));
      const found = await hitIds({ q: 'clean' });
      expect(found).toContain('p11'); // "Clear silicone case": one edit away, found by typo tolerance only
      expect(exact.has('p11')).toBe(false);
      expect(found.slice(0, exact.size).sort()).toEqual([...exact].sort());
    });

    it('excludes -words from the results', async () => {
      const expected = PRODUCTS.filter(
        (p) =>
          words(p, ['title', 'description']).includes('headphones') &&
          !words(p, TEXT_FIELDS).includes('wireless'),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect((await hitIds({ q: 'headphones -wireless' })).sort()).toEqual(idsOf(expected));
    });

    it('highlights matched words in title and description with <em>', async () => {
      const { hits } = await search({ q: 'headphones' });
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) {
        const fragments = [...(hit.highlight.title ?? []), ...(hit.highlight.description ?? [])];
        expect(fragments.join(' ')).toMatch(/<em>headphones<\/em>/i);
      }
      const partial = await search({ q: 'lapt' });
      expect(partial.hits.find((h) => h.id === 'p01')?.highlight.title?.[0]).toMatch(/<em>Laptop<\/em>/);
    });

    it('answers with exactly the documented shape', async () => {
      const res = await get('/search', { q: 'coffee', size: 1 }).expect(200);
      const body = res.body as Awaited<ReturnType<typeof search>>;
      expect(Object.keys(body).sort()).toEqual([
        'didYouMean',
        'facets',
        'hits',
        'nextCursor',
        'page',
        'relaxed',
        'size',
        'total',
      ]);
      expect(Object.keys(body.hits[0]).sort()).toEqual(
        [
          'brand',
          'category',
          'currency',
          'description',
          'highlight',
          'id',
          'price',
          'rating',
          'score',
          'stock',
          'tags',
          'title',
        ].sort(),
      );
      // Elasticsearch's time for this very response is a header, not part of the cached body.
      expect(res.headers['server-timing']).toMatch(/^es;dur=\d+(\.\d+)?$/);
      expect(body.total.relation).toBe('eq');
    });
  });

  describe('filters and facets', () => {
    it.each<[string, Params, (p: FixtureProduct) => boolean]>([
      ['category (any case)', { category: 'audio' }, (p) => p.category === 'Audio'],
      ['brand (any case)', { brand: 'SONY' }, (p) => p.brand === 'Sony'],
      [
        'all tags, comma-separated',
        { tags: 'bluetooth,wireless' },
        (p) => p.tags.includes('bluetooth') && p.tags.includes('wireless'),
      ],
      [
        'all tags, repeated',
        { tags: ['wireless', 'noise-cancelling'] },
        (p) => p.tags.includes('wireless') && p.tags.includes('noise-cancelling'),
      ],
      ['price range (inclusive)', { minPrice: 25, maxPrice: 99 }, (p) => p.price >= 25 && p.price <= 99],
      ['in stock', { inStock: true }, (p) => p.stock > 0],
      ['out of stock', { inStock: false }, (p) => p.stock === 0],
    ])('filters by %s', async (_name, params, keep) => {
      const expected = PRODUCTS.filter(keep);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(PRODUCTS.length);
      expect((await hitIds(params)).sort()).toEqual(idsOf(expected));
    });

    it('counts each facet under all filters except its own', async () => {
      const f = { brand: 'Zenith', category: 'Accessories', minPrice: 20, inStock: true };
      const inStock = (p: FixtureProduct) => p.stock > 0;
      const brand = (p: FixtureProduct) => p.brand === f.brand;
      const category = (p: FixtureProduct) => p.category === f.category;
      const price = (p: FixtureProduct) => p.price >= f.minPrice;
      const body = await search({ ...f, size: 100 });
      const facets = body.facets as {
        category: Facet;
        brand: Facet;
        price: { from: number; to: number | null; count: number }[];
      };
      const all = PRODUCTS.filter((p) => inStock(p) && brand(p) && category(p) && price(p));
      expect(body.total.value).toBe(all.length);
      expect(facets.category).toEqual(
        countBy(
          PRODUCTS.filter((p) => inStock(p) && brand(p) && price(p)),
          'category',
        ),
      );
      expect(facets.brand).toEqual(
        countBy(
          PRODUCTS.filter((p) => inStock(p) && category(p) && price(p)),
          'brand',
        ),
      );
      const priced = PRODUCTS.filter((p) => inStock(p) && brand(p) && category(p));
      expect(facets.price.map((b) => b.count)).toEqual(
        facets.price.map(
          (b) => priced.filter((p) => p.price >= b.from && (b.to === null || p.price < b.to)).length,
        ),
      );
      expect(facets.price.reduce((sum, b) => sum + b.count, 0)).toBe(priced.length);
    });
  });

  describe('sorting', () => {
    const newest = (a: FixtureProduct, b: FixtureProduct) =>
      b.createdAt.localeCompare(a.createdAt) || byId(a, b);
    it.each<[string, (a: FixtureProduct, b: FixtureProduct) => number]>([
      ['price_asc', (a, b) => a.price - b.price || byId(a, b)],
      ['price_desc', (a, b) => b.price - a.price || byId(a, b)],
      ['newest', newest],
      ['rating', (a, b) => b.rating - a.rating || byId(a, b)],
      ['relevance', newest], // browse mode: no words to rank by
    ])('sorts by %s with the id as tiebreaker', async (sort, compare) => {
      expect(await hitIds({ sort })).toEqual([...PRODUCTS].sort(compare).map((p) => p.id));
    });

    it('sorts by descending score, then id, when there are words', async () => {
      const { hits } = await search({ q: 'wireless bluetooth', size: 100 });
      expect(hits.length).toBeGreaterThan(3);
      for (let i = 1; i < hits.length; i++) {
        const [a, b] = [hits[i - 1], hits[i]];
        expect(a.score ?? 0).toBeGreaterThanOrEqual(b.score ?? 0);
        if (a.score === b.score) expect(a.id < b.id).toBe(true);
      }
    });
  });

  describe('pagination', () => {
    const follow = async (params: Params): Promise<{ ids: string[]; pages: number[] }> => {
      const ids: string[] = [];
      const pages: number[] = [];
      let cursor: string | null | undefined;
      do {
        const res = await get('/search', { ...params, ...(cursor ? { cursor } : {}) }).expect(200);
        ids.push(...(res.body as { hits: Hit[] }).hits.map((h) => h.id));
        pages.push((res.body as { page: number }).page);
        cursor = (res.body as { nextCursor: string | null }).nextCursor;
      } while (cursor && pages.length < 50);
      return { ids, pages };
    };

    it.each<[string, Params]>([
      ['browse, sorted by price', { sort: 'price_asc' }],
      ['words, sorted by relevance', { q: 'acme' }],
    ])('walks %s by cursor with no gaps or duplicates', async (_name, params) => {
      const all = await hitIds(params);
      expect(all.length).toBeGreaterThan(4);
      const { ids, pages } = await follow({ ...params, size: 2 });
      expect(ids).toEqual(all);
      expect(pages).toEqual(pages.map((_p, i) => i + 1));
    });

    it('walks by page number to the same list', async () => {
      const all = await hitIds({ sort: 'rating' });
      const pages = await Promise.all(
        [1, 2, 3, 4, 5].map((page) => hitIds({ sort: 'rating', page, size: 7 })),
      );
      expect(pages.flat()).toEqual(all);
      const last = await search({ sort: 'rating', page: 5, size: 7 });
      expect(last.nextCursor).toBeNull();
    });

    it('refuses page × size beyond 10,000 and points to the cursor', async () => {
      const res = await get('/search', { page: 101, size: 100 }).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 400, code: 'result_window_too_large' });
      await get('/search', { page: 100, size: 100 }).expect(200);
    });

    it('refuses a cursor that was modified or belongs to another query', async () => {
      const first = await search({ q: 'coffee', size: 2 });
      const cursor = first.nextCursor as string;
      expect(cursor).toEqual(expect.any(String));
      await get('/search', { q: 'coffee', size: 2, cursor }).expect(200);
      for (const [params, bad] of [
        [{ q: 'coffee' }, `${cursor}x`],
        [{ q: 'coffee' }, 'bm90IGEgY3Vyc29y'],
        [{ q: 'espresso' }, cursor],
        [{ q: 'coffee', sort: 'price_asc' }, cursor],
      ] as const) {
        const res = await get('/search', { ...params, cursor: bad }).expect(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body).toMatchObject({ code: 'invalid_cursor' });
      }
    });
  });

  describe('suggest', () => {
    const suggest = async (q: string, size = 20) =>
      (
        (await get('/search/suggest', { q, size }).expect(200)).body as {
          suggestions: { text: string; type: string; id?: string }[];
        }
      ).suggestions;

    it('suggests brands by prefix', async () => {
      expect(await suggest('son')).toContainEqual({ text: 'Sony', type: 'brand' });
    });

    it('suggests every title whose words start with the typed prefixes, with its id', async () => {
      const prefixes = ['acme', 'usb'];
      const expected = PRODUCTS.filter((p) =>
        prefixes.every((x) => words(p, ['title']).some((w) => w.startsWith(x))),
      );
      const titles = (await suggest('acme usb')).filter((s) => s.type === 'title');
      expect(titles.map((s) => s.id).sort()).toEqual(idsOf(expected));
      expect(titles.map((s) => s.text).sort()).toEqual(expected.map((p) => p.title).sort());
    });

    it('caps the number of suggestions at size', async () => {
      expect(await suggest('ac', 3)).toHaveLength(3);
    });
  });

  describe('which search texts list a product (ProductSearch.textsListing, for cache invalidation)', () => {
    it('names the texts whose search lists the product whatever the filters: words, typos, any word of several, no text; not a negated or unrelated one', async () => {
      const search = app.app.get(ProductSearch);
      const texts = ['laptop', 'laptp', 'gaming mouse', '', 'laptop -gaming', 'headphones', 'espresso'];
      const listing = await search.textsListing(['p02'], texts);
      expect([...listing].sort()).toEqual(['', 'gaming mouse', 'laptop', 'laptp'].sort());
      // Several products: a text counts when it lists any of them.
      expect([...(await search.textsListing(['p02', 'p05'], texts))].sort()).toEqual(
        ['', 'gaming mouse', 'headphones', 'laptop', 'laptp'].sort(),
      );
      expect(await search.textsListing(['no-such-product'], texts)).toEqual(new Set());
    });

    it('with terms read before a write of the text, also names the texts that could have listed the product then (a superset), not the others', async () => {
      const search = app.app.get(ProductSearch);
      const texts = ['laptop', 'laptp', 'gaming mouse', 'headphones', 'espresso'];
      // p05's terms as if it had p02's text before its write: what listed p02 counts, then what lists p05.
      const listing = await search.textsListing(['p05'], texts, await search.productTerms(['p02']));
      expect([...listing].sort()).toEqual(['gaming mouse', 'headphones', 'laptop', 'laptp'].sort());
      // A product that did not exist before its write listed nothing then.
      const none = await search.productTerms(['no-such-product']);
      expect([...(await search.textsListing(['p05'], texts, none))]).toEqual(['headphones']);
    });
  });

  describe('bad input', () => {
    it.each<[string, Params]>([
      ['an unknown parameter', { q: 'x', colour: 'red' }],
      ['minPrice above maxPrice', { minPrice: 50, maxPrice: 10 }],
      ['a non-numeric price', { minPrice: 'cheap' }],
      ['size above 100', { size: 101 }],
      ['page 0', { page: 0 }],
      ['an unknown sort', { sort: 'popularity' }],
      ['inStock that is not a boolean', { inStock: 'maybe' }],
      ['q longer than 512 characters', { q: 'a'.repeat(513) }],
      ['q given twice', { q: ['a', 'b'] }],
    ])('answers %s with 400 problem+json', async (_name, params) => {
      const res = await get('/search', params).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ type: 'about:blank', status: 400 });
    });

    it.each([
      '"',
      '(',
      ':',
      '*',
      '~',
      '/',
      '\\',
      'AND',
      'title:(laptop OR "sony',
      'a~2 b^3 {c} [d TO e] !f',
      '-',
      '""',
      '*:*',
    ])('treats %s as text (200, never a 5xx)', async (q) => {
      await get('/search', { q }).expect(200);
      await get('/search/suggest', { q }).expect(200);
    });
  });
});

describe('GET /search while Elasticsearch is unreachable', () => {
  // Nothing listens on port 1 of loopback; nothing is created there, so there is nothing to drop.
  const config = testConfig({ ELASTICSEARCH_NODE: 'http://127.0.0.1:1', ELASTICSEARCH_TIMEOUT_MS: '500' });
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(config);
  });
  afterAll(() => app.close());

  it.each(['/search?q=laptop', '/search/suggest?q=lap'])(
    'answers %s with 503 problem+json, not an error body',
    async (path) => {
      const res = await request(app.url).get(path).expect(503);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 503, code: 'search_unavailable' });
      expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|ConnectionError|127\.0\.0\.1:1/);
    },
  );
});
