import { dropTestData } from './support/cleanup';
import { contractBreach, probe, type ProbeRequest } from './support/http-probe';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';

/**
 * A fixed corpus of hostile requests with the exact answer each must get. Complements the
 * property tests in bad-input.e2e-spec.ts: these are the cases named in the limits
 * (docs/reliability.md) and every input that once caused a 5xx or a non-problem answer.
 */
const ADMIN_KEY = 'e2e-corpus-admin-key-0123456789';
const KEY = { 'x-api-key': ADMIN_KEY };
const JSON_TYPE = 'application/json';
const NDJSON = 'application/x-ndjson';
const product = (id: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ id, title: 'Corpus product', price: 5, ...extra });

type Case = [name: string, request: ProbeRequest, status: number];

const get = (path: string): ProbeRequest => ({ method: 'GET', path });
const post = (path: string, body: string, contentType = JSON_TYPE): ProbeRequest => ({
  method: 'POST',
  path,
  body,
  contentType,
  headers: KEY,
});

const CASES: Case[] = [
  // Numbers out of range and malformed numbers.
  ['size=-1', get('/search?size=-1'), 400],
  ['size=10^9', get('/search?size=10%5E9'), 400],
  ['size=1000000000', get('/search?size=1000000000'), 400],
  ['size=101 (over the maximum of 100)', get('/search?size=101'), 400],
  ['page=1e309', get('/search?page=1e309'), 400],
  ['page=0', get('/search?page=0'), 400],
  ['page beyond the 10,000-hit window', get('/search?page=501&size=20'), 400],
  ['page of 30 digits', get('/search?page=999999999999999999999999999999'), 400],
  ['minPrice=-1', get('/search?minPrice=-1'), 400],
  ['minPrice=1e400', get('/search?minPrice=1e400'), 400],
  ['maxPrice below minPrice', get('/search?minPrice=10&maxPrice=5'), 400],
  ['suggest size=0', get('/search/suggest?q=so&size=0'), 400],
  ['inStock=yes', get('/search?inStock=yes'), 400],
  ['unknown sort', get('/search?sort=_score'), 400],
  // Arrays where scalars are expected, repeated and unknown parameters.
  ['category[]=x', get('/search?category[]=x'), 400],
  ['category twice', get('/search?category=a&category=b'), 400],
  ['q twice', get('/search?q=a&q=b'), 400],
  ['tags repeated (allowed)', get('/search?tags=a&tags=b'), 200],
  [
    '21 tags (over the maximum of 20)',
    get(`/search?tags=${Array.from({ length: 21 }, (_, i) => `t${i}`).join(',')}`),
    400,
  ],
  ['unknown parameter', get('/search?from=0'), 400],
  // Prototype keys in the query.
  ['__proto__=x', get('/search?__proto__=x'), 400],
  ['constructor=x', get('/search?constructor=x'), 400],
  ['constructor[prototype][x]=1', get('/search?constructor[prototype][x]=1'), 400],
  ['__proto__ on suggest', get('/search/suggest?__proto__=1'), 400],
  // Search text: Lucene syntax is plain text; limits apply.
  [
    'Lucene syntax in q',
    get(`/search?q=${encodeURIComponent('"a (b: c* ~2 /x/ \\ AND OR NOT [1 TO 2] {x} ^3')}`),
    200,
  ],
  ['only syntax characters', get(`/search?q=${encodeURIComponent('"()*:~/\\')}`), 200],
  ['regex-like suggest', get(`/search/suggest?q=${encodeURIComponent('/.*/ +x')}`), 200],
  ['NUL and control characters in q', get('/search?q=a%00b%01%1B%7F'), 200],
  [
    'unicode and a lone surrogate (as U+FFFD)',
    get(`/search?q=${encodeURIComponent('😀 é ß İ')}%EF%BF%BD`),
    200,
  ],
  ['invalid UTF-8 in q', get('/search?q=%C0%AF%FF'), 200],
  ['q of 512 characters (the limit)', get(`/search?q=${'a'.repeat(512)}`), 200],
  ['q of 513 characters', get(`/search?q=${'a'.repeat(513)}`), 400],
  ['suggest q of 101 characters', get(`/search/suggest?q=${'a'.repeat(101)}`), 400],
  ['cursor that is garbage', get('/search?cursor=abc.def'), 400],
  ['cursor with page', get('/search?cursor=abc.def&page=2'), 400],
  // URLs Fastify's router or Node's parser refuse (answered before any route).
  ['bad percent-encoding in the path', get('/catalog/products/%ff'), 400],
  ['lone % in the path', get('/catalog/products/%'), 400],
  ['id of 129 characters', get(`/catalog/products/${'a'.repeat(129)}`), 400],
  ['path segment over 256 characters', get(`/catalog/products/${'a'.repeat(300)}`), 414],
  ['URL over 16 KiB', get(`/search?q=${'a'.repeat(17_000)}`), 431],
  ['NUL in the id', get('/catalog/products/a%00b'), 400],
  ['__proto__ as the id', get('/catalog/products/__proto__'), 404],
  ['unknown route', get('/nope'), 404],
  ['unknown method for a route', { method: 'PATCH', path: '/search' }, 404],
  // Bodies: malformed, wrong type, prototype keys, nesting, size.
  ['malformed JSON', post('/catalog/products', '{"id": "a",'), 400],
  ['empty JSON body', post('/catalog/products', ''), 400],
  ['JSON null', post('/catalog/products', 'null'), 400],
  ['JSON array as a product', post('/catalog/products', '[]'), 400],
  [
    '__proto__ in the body',
    post('/catalog/products', '{"id":"p1","title":"t","__proto__":{"admin":true}}'),
    400,
  ],
  [
    'constructor.prototype in the body',
    post('/catalog/products', '{"id":"p1","title":"t","constructor":{"prototype":{"x":1}}}'),
    400,
  ],
  [
    'constructor nested in a field',
    post('/catalog/products', '{"id":[{"constructor":"x"}],"title":"t"}'),
    400,
  ],
  [
    'constructor nested in tags',
    post('/catalog/products', '{"id":"p1","title":"t","tags":[{"constructor":1}]}'),
    400,
  ],
  [
    'nested 5,000 levels deep',
    post('/catalog/products', `{"id":"p1","title":"t","tags":${'['.repeat(5_000)}${']'.repeat(5_000)}}`),
    400,
  ],
  [
    'price 1e400 (Infinity)',
    post('/catalog/products', product('p1', {}).replace('"price":5', '"price":1e400')),
    400,
  ],
  ['stock over 2^31-1', post('/catalog/products', product('p1', { stock: 2_147_483_648 })), 400],
  [
    'date with a +23:00 offset',
    post('/catalog/products', product('p1', { createdAt: '2024-01-01T00:00:00+23:00' })),
    400,
  ],
  ['unknown field', post('/catalog/products', product('p1', { discount: 5 })), 400],
  ['text/plain body', post('/catalog/products', 'id=p1', 'text/plain'), 400],
  ['application/xml body', post('/catalog/products', '<p/>', 'application/xml'), 415],
  // A Buffer body makes fetch send no content type at all.
  [
    'no content type',
    { method: 'POST', path: '/catalog/products', body: Buffer.from(product('p1')), headers: KEY },
    415,
  ],
  [
    'JSON body over 10 MiB',
    post('/catalog/products', product('big', { description: 'x'.repeat(11 * 1024 * 1024) })),
    413,
  ],
  ['PUT with a different body id', { ...post('/catalog/products/p2', product('p3')), method: 'PUT' }, 400],
  ['PATCH with null', { ...post('/catalog/products/p2', '{"title":null}'), method: 'PATCH' }, 400],
  ['PATCH with an array', { ...post('/catalog/products/p2', '[]'), method: 'PATCH' }, 400],
  ['bulk as text/plain', post('/catalog/products/bulk', 'x', 'text/plain'), 415],
  ['bulk JSON that is an object', post('/catalog/products/bulk', product('b1')), 400],
  ['bulk NDJSON over 16 MiB', post('/catalog/products/bulk', 'x'.repeat(17 * 1024 * 1024), NDJSON), 413],
  // The Algolia multi-query (algoliasearch sends text/plain): refused input is a 400, never a 5xx.
  ...(
    [
      [
        'Algolia: deeply nested facetFilters',
        '{"requests":[{"indexName":"products","facetFilters":[[["a:b"]]]}]}',
      ],
      ['Algolia: page -1', '{"requests":[{"indexName":"products","page":-1}]}'],
      ['Algolia: page 2^53', '{"requests":[{"indexName":"products","page":9007199254740992}]}'],
      [
        'Algolia: huge page within safe integers',
        '{"requests":[{"indexName":"products","page":9007199254740990}]}',
      ],
      ['Algolia: hitsPerPage as text', '{"requests":[{"indexName":"products","params":"hitsPerPage=abc"}]}'],
      ['Algolia: price 1e400', '{"requests":[{"indexName":"products","numericFilters":["price>=1e400"]}]}'],
      ['Algolia: negative price', '{"requests":[{"indexName":"products","numericFilters":["price<=-5"]}]}'],
      [
        'Algolia: query of 513 characters',
        `{"requests":[{"indexName":"products","query":"${'a'.repeat(513)}"}]}`,
      ],
      [
        'Algolia: constructor in a request',
        '{"requests":[{"indexName":"products","constructor":{"prototype":{}}}]}',
      ],
      [
        'Algolia: params that is not a string',
        '{"requests":[{"indexName":"products","params":{"query":"x"}}]}',
      ],
      [
        'Algolia: facetFilters JSON that is broken',
        '{"requests":[{"indexName":"products","params":"facetFilters=%5B%5B"}]}',
      ],
      ['Algolia: indexName missing', '{"requests":[{"query":"x"}]}'],
      ['Algolia: requests is an object', '{"requests":{"indexName":"products"}}'],
    ] as const
  ).map(([name, body]): Case => [name, post('/1/indexes/*/queries', body, 'text/plain'), 400]),
  [
    'Algolia: unknown index',
    post('/1/indexes/*/queries', '{"requests":[{"indexName":"x"}]}', 'text/plain'),
    404,
  ],
  [
    'Algolia: Lucene syntax in the query',
    post(
      '/1/indexes/*/queries',
      '{"requests":[{"indexName":"products","query":"a* AND (b:c) ~2"}]}',
      'text/plain',
    ),
    200,
  ],
  // Access.
  [
    'write without the key',
    { method: 'POST', path: '/catalog/products', body: product('k1'), contentType: JSON_TYPE },
    401,
  ],
  [
    'write with a wrong key',
    { ...post('/catalog/products', product('k1')), headers: { 'x-api-key': `${ADMIN_KEY}x` } },
    401,
  ],
  ['cache stats without the key', get('/cache/stats'), 401],
];

describe('bad input (fixed corpus)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(
      testConfig({ ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_READ_PER_MIN: '0', RATE_LIMIT_WRITE_PER_MIN: '0' }),
    );
  });

  afterAll(async () => {
    await app.close();
    await dropTestData(app.config);
    console.log(`bad-input: fixed corpus ${CASES.length + 4} cases, 0 5xx`);
  });

  it.each(CASES.map(([name, req, status]) => [`${name} → ${status}`, req, status] as const))(
    '%s, problem+json for 4xx, nothing leaked',
    async (_name, req, status) => {
      const result = await probe(app.url, req);
      expect(contractBreach(result)).toBeUndefined();
      expect(result.status).toBe(status);
    },
  );

  it('bulk NDJSON: prototype keys and nested constructors fail their line only', async () => {
    const body = [
      product('ok-1'),
      '{"id":"bad-1","title":"t","__proto__":{"admin":true}}',
      '{"id":[{"constructor":"x"}],"title":"t"}',
      product('ok-2'),
    ].join('\n');
    const result = await probe(app.url, post('/catalog/products/bulk', body, NDJSON));
    expect(contractBreach(result)).toBeUndefined();
    expect(JSON.parse(result.text)).toEqual({
      indexed: 2,
      failed: 2,
      errors: [
        { line: 2, reason: '"__proto__" is not allowed as a field name' },
        { line: 3, reason: '"constructor" is not allowed as a field name' },
      ],
    });
  });

  it('bulk JSON: a nested constructor fails its item only (it was a 500)', async () => {
    const body = `[${product('ok-3')},{"id":[{"constructor":"x"}],"title":"t"}]`;
    const result = await probe(app.url, post('/catalog/products/bulk', body));
    expect(contractBreach(result)).toBeUndefined();
    expect(JSON.parse(result.text)).toMatchObject({ indexed: 1, failed: 1 });
  });

  it('an id of 128 characters (the maximum) can be read, replaced and deleted by path', async () => {
    const id = 'i'.repeat(128);
    expect((await probe(app.url, post('/catalog/products', product(id)))).status).toBe(201);
    expect((await probe(app.url, get(`/catalog/products/${id}`))).status).toBe(200);
    expect(
      (await probe(app.url, { ...post(`/catalog/products/${id}`, product(id)), method: 'PUT' })).status,
    ).toBe(200);
    expect(
      (await probe(app.url, { method: 'DELETE', path: `/catalog/products/${id}`, headers: KEY })).status,
    ).toBe(204);
  });

  it('router errors carry the request id like every other problem', async () => {
    const result = await probe(app.url, {
      method: 'GET',
      path: '/catalog/products/%ff',
      headers: { 'x-request-id': 'corpus-1' },
    });
    expect(result.headers.get('x-request-id')).toBe('corpus-1');
    expect(JSON.parse(result.text)).toMatchObject({ status: 400, requestId: 'corpus-1' });
  });
});
