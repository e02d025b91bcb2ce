import type { Client } from '@elastic/elasticsearch';
import { productsAlias } from '@app/search';
import { dropTestData } from './support/cleanup';
import { eventually, rawEs } from './support/es';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';

describe('the local Elasticsearch node and the index the app creates on it', () => {
  const config = testConfig();
  let app: TestApp;
  let es: Client;
  const alias = productsAlias(config.elasticsearch.indexPrefix);

  beforeAll(async () => {
    es = rawEs(config);
    app = await startTestApp(config);
  });
  afterAll(async () => {
    await app.close();
    await dropTestData(config);
    await es.close();
  });

  it('answers GET / and HEAD / like Elasticsearch 8.19', async () => {
    const node = config.elasticsearch.nodes[0];
    const head = await fetch(node, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-elastic-product')).toBe('Elasticsearch');
    const info = await es.info();
    expect(info.version.number).toMatch(/^8\.19\.\d+$/);
    expect(info.tagline).toBe('You Know, for Search');
  });

  it('creates a versioned physical index behind the alias at startup', async () => {
    const aliases = await eventually(() => es.indices.getAlias({ name: alias }));
    expect(Object.keys(aliases)).toEqual([`${alias}-v1`]);
    const mapping = await es.indices.getMapping({ index: alias });
    const title = Object.values(mapping)[0].mappings.properties?.title;
    expect(title).toMatchObject({ type: 'text', analyzer: 'text_en', fields: { ngram: { type: 'text' } } });
  });

  it('analyzes text with english stemming and ascii folding', async () => {
    const { tokens } = await es.indices.analyze({
      index: alias,
      analyzer: 'text_en',
      text: "The Runner's running shoes at the Café",
    });
    expect(tokens?.map((t) => t.token)).toEqual(['runner', 'run', 'shoe', 'cafe']);
  });

  it('builds edge n-grams for partial words', async () => {
    const { tokens } = await es.indices.analyze({
      index: alias,
      analyzer: 'autocomplete_index',
      text: 'Laptop',
    });
    expect(tokens?.map((t) => t.token)).toEqual(['la', 'lap', 'lapt', 'lapto', 'laptop']);
  });

  it('indexes a document and finds it by a stemmed and by a partial word', async () => {
    await es.index({
      index: alias,
      id: 'p-1',
      document: { id: 'p-1', title: 'Running shoes', description: 'Light shoes for long runs', price: 90 },
      refresh: 'wait_for',
    });
    const stemmed = await es.search({ index: alias, query: { match: { title: 'run shoe' } } });
    expect(stemmed.hits.hits.map((h) => h._id)).toEqual(['p-1']);
    const partial = await es.search({ index: alias, query: { match: { 'title.ngram': 'runn' } } });
    expect(partial.hits.hits.map((h) => h._id)).toEqual(['p-1']);
  });
});
