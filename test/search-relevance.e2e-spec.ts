import { readFileSync } from 'node:fs';
import request from 'supertest';
import { dropTestData } from './support/cleanup';
import { rawEs } from './support/es';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';
import { ProductIndexRebuilder, productsAlias } from '@app/search';
import { COMPOUND_PRODUCTS } from './search-fixture';
import { SAMPLE_PRODUCTS } from './support/paths';

const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';
const SAMPLE = readFileSync(SAMPLE_PRODUCTS, 'utf8');

interface Product {
  id: string;
  title: string;
  description?: string;
  category?: string;
  tags?: string[];
}
interface Hit extends Product {
  highlight: { title?: string[]; description?: string[] };
}
interface Body {
  total: { value: number };
  hits: Hit[];
  relaxed: { dropped: string[] } | null;
  didYouMean: string | null;
}

const CATALOG: Product[] = [
  ...SAMPLE.split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Product),
  ...COMPOUND_PRODUCTS,
];
const has = (p: Product, word: RegExp): boolean =>
  [p.title, p.description ?? '', p.category ?? '', ...(p.tags ?? [])].some((text) => word.test(text));
const emphasised = (hit: Hit): string[] =>
  [...(hit.highlight.title ?? []), ...(hit.highlight.description ?? [])].flatMap((fragment) =>
    [...fragment.matchAll(/<em>([^<]*)<\/em>/g)].map((m) => m[1].toLowerCase()),
  );

describe('search relevance on the sample catalog (real Elasticsearch)', () => {
  const config = testConfig({ ADMIN_API_KEY: ADMIN_KEY });
  let app: TestApp;

  const search = async (q: string, size = 100) => {
    const res = await request(app.url).get('/search').query({ q, size }).expect(200);
    return { body: res.body as Body, cache: res.headers['x-cache'] };
  };
  const putSynonyms = (rules: unknown) =>
    request(app.url).put('/catalog/synonyms').set('x-api-key', ADMIN_KEY).send({ rules });

  beforeAll(async () => {
    app = await startTestApp(config);
    const res = await request(app.url)
      .post('/catalog/products/bulk')
      .set('x-api-key', ADMIN_KEY)
      .set('content-type', 'application/x-ndjson')
      .send(CATALOG.map((p) => JSON.stringify(p)).join('\n'))
      .expect(200);
    expect(res.body).toMatchObject({ indexed: CATALOG.length, failed: 0 });
  });
  afterAll(async () => {
    await app.close();
    await dropTestData(config);
  });

  it('tolerates a typo: `headphnes` ranks headphones first, above the phone with a headphone jack', async () => {
    const { hits } = (await search('headphnes')).body;
    expect(hits[0].title).toMatch(/headphones/i);
    const phone = hits.findIndex((h) => /headphone jack/i.test(h.description ?? ''));
    const headphones = hits.filter((h) => /headphones/i.test(h.title)).length;
    expect(phone === -1 || phone >= headphones).toBe(true);
  });

  it('reads the last word as a prefix: `lapt` ranks laptops first and highlights only what matched', async () => {
    const { hits } = (await search('lapt')).body;
    expect(hits[0].category).toBe('laptops');
    const marked = hits.flatMap(emphasised);
    expect(marked.length).toBeGreaterThan(0);
    for (const word of marked) expect(word).toMatch(/^lapt/);
    expect(marked.join(' ')).not.toContain('lasts');
  });

  it('drops an unknown word and says so, after any product that matches every word', async () => {
    const { body } = await search('wireless blorfquux');
    expect(body.relaxed).toEqual({ dropped: ['blorfquux'] });
    // Sorted by price, or on a later page, the best match is not the first hit: the same answer.
    for (const query of [{ sort: 'price_asc' }, { size: 1, page: 2 }]) {
      const res = await request(app.url)
        .get('/search')
        .query({ q: 'wireless blorfquux', ...query })
        .expect(200);
      expect((res.body as Body).relaxed).toEqual({ dropped: ['blorfquux'] });
    }
    const wireless = CATALOG.filter((p) => has(p, /\bwireless\b/i));
    expect(body.total.value).toBe(wireless.length);

    // Both words match some products: those come first, the ones with one word after them.
    const both = (await search('gaming laptop')).body;
    expect(both.relaxed).toBeNull();
    const full = CATALOG.filter((p) => has(p, /\bgaming\b/i) && has(p, /\blaptops?\b/i)).map((p) => p.id);
    expect(full.length).toBeGreaterThan(0);
    expect(
      both.hits
        .slice(0, full.length)
        .map((h) => h.id)
        .sort(),
    ).toEqual(full.sort());
    expect(both.total.value).toBeGreaterThan(full.length);
  });

  it('answers nothing only when no word matches anything', async () => {
    const { body } = await search('blorfquux zzxqv');
    expect(body.total.value).toBe(0);
    expect(body.relaxed).toBeNull();
  });

  it('matches compounds and units however they are written', async () => {
    for (const q of ['deck over', 'deckover', 'deck-over', 'DeckOver']) {
      expect({ q, first: (await search(q)).body.hits[0]?.id }).toEqual({ q, first: 'dk-001' });
    }
    for (const q of ['hose 1/2"', 'hose 1/2 inch', 'hose 50 feet', "hose 50'"]) {
      const { body } = await search(q);
      expect({ q, first: body.hits[0]?.id, relaxed: body.relaxed }).toEqual({
        q,
        first: 'dk-002',
        relaxed: null,
      });
    }
    // Sizes: 2x4 = 2 x 4 = 2 in. x 4 in.; a board's 2 in. x 4 in. x 8 ft. is also found as 4x8.
    for (const q of ['2x4 lumber', '2 x 4 lumber', '2X4 lumber', '2 in. x 4 in. lumber', '4x8 lumber']) {
      const { body } = await search(q);
      expect({ q, first: body.hits[0]?.id, relaxed: body.relaxed }).toEqual({
        q,
        first: 'dk-003',
        relaxed: null,
      });
    }
    expect((await search('2x6 lumber')).body.hits[0]?.id).toBe('dk-004');
  });

  it('offers a corrected query from the catalog words for a misspelled query', async () => {
    expect((await search('sennheisr wireles')).body.didYouMean).toBe('sennheiser wireless');
    expect((await search('headphones')).body.didYouMean).toBeNull();
  });

  describe('managed synonyms', () => {
    afterAll(async () => {
      await putSynonyms([]).expect(200);
    });

    it('applies rules set through the API to the next search, retiring cached results, and stops when removed', async () => {
      const before = await search('earphones');
      expect(before.body.hits.some((h) => h.category === 'headphones')).toBe(false);
      expect((await search('earphones')).cache).toBe('HIT');

      const put = await putSynonyms(['earphones, headphones']).expect(200);
      expect(put.body).toEqual({ rules: ['earphones, headphones'] });
      const get = await request(app.url).get('/catalog/synonyms').set('x-api-key', ADMIN_KEY).expect(200);
      expect(get.body).toEqual({ rules: ['earphones, headphones'] });

      const after = await search('earphones');
      expect(after.cache).toBe('MISS');
      expect(after.body.hits[0].category).toBe('headphones');

      await putSynonyms([]).expect(200);
      const removed = await search('earphones');
      expect(removed.cache).toBe('MISS');
      expect(removed.body.hits.some((h) => h.category === 'headphones')).toBe(false);
    });

    it('rejects a bad rule with a 400 problem and keeps the rules in force', async () => {
      await putSynonyms(['tv, television']).expect(200);
      const bad = await putSynonyms(['tv => => television']).expect(400);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(bad.body).toMatchObject({ status: 400, code: 'invalid_synonyms' });
      await putSynonyms(['ok, fine', 'line\nbreak']).expect(400);
      await putSynonyms('not a list').expect(400);
      const get = await request(app.url).get('/catalog/synonyms').set('x-api-key', ADMIN_KEY).expect(200);
      expect(get.body).toEqual({ rules: ['tv, television'] });
      expect((await search('laptop')).body.total.value).toBeGreaterThan(0);
    });

    it('keeps the rules through a zero-downtime rebuild (cli reindex)', async () => {
      await putSynonyms(['earphones, headphones']).expect(200);
      const rebuilt = await app.app.get(ProductIndexRebuilder).rebuild(async (target) => {
        const items = await target.bulkUpsert(CATALOG, { refresh: false });
        return { indexed: items.filter((item) => item.ok).length };
      });
      expect(rebuilt.count).toBe(CATALOG.length);
      const get = await request(app.url).get('/catalog/synonyms').set('x-api-key', ADMIN_KEY).expect(200);
      expect(get.body).toEqual({ rules: ['earphones, headphones'] });
      const { hits } = (await search('earphones', 5)).body;
      expect(hits.every((h) => h.category === 'headphones')).toBe(true);
    });

    it('needs the admin key', async () => {
      await request(app.url).get('/catalog/synonyms').expect(401);
      await request(app.url).put('/catalog/synonyms').send({ rules: [] }).expect(401);
    });
  });
});

describe('managed synonyms on an index created before them', () => {
  const config = testConfig({ ADMIN_API_KEY: ADMIN_KEY });
  const es = rawEs(config);
  let app: TestApp;

  beforeAll(async () => {
    // What an index of the previous mapping looks like: no managed synonym filter.
    const alias = productsAlias(config.elasticsearch.indexPrefix);
    await es.indices.create({ index: `${alias}-v1`, aliases: { [alias]: { is_write_index: true } } });
    app = await startTestApp(config);
  });
  afterAll(async () => {
    await app.close();
    await dropTestData(config);
    await es.close();
  });

  it('answers 409 index_outdated and changes nothing', async () => {
    const res = await request(app.url)
      .put('/catalog/synonyms')
      .set('x-api-key', ADMIN_KEY)
      .send({ rules: ['tv, television'] })
      .expect(409);
    expect(res.body).toMatchObject({ status: 409, code: 'index_outdated' });
    const get = await request(app.url).get('/catalog/synonyms').set('x-api-key', ADMIN_KEY).expect(200);
    expect(get.body).toEqual({ rules: [] });
  });
});
