import fc from 'fast-check';
import { dropTestData } from './support/cleanup';
import { eventually, rawEs } from './support/es';
import {
  almostValidProduct,
  contentType,
  contractBreach,
  encode,
  jsonBodyText,
  jsonValueText,
  nastyText,
  pathSegment,
  probe,
  type ProbeRequest,
  type ProbeResult,
  queryString,
  Tally,
} from './support/http-probe';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';

/**
 * Property-based bad input against the real app (real Elasticsearch and Redis): whatever the
 * query string, path or body, every answer is 2xx or a 4xx problem+json, never a 5xx, and never
 * shows a stack trace or an Elasticsearch error body. Each property prints how many cases it tried.
 */
const ADMIN_KEY = 'e2e-bad-input-admin-key-0123456789';
const SEARCH_KEYS = [
  'q',
  'category',
  'brand',
  'tags',
  'minPrice',
  'maxPrice',
  'inStock',
  'sort',
  'page',
  'size',
  'cursor',
];
const RUNS = { reads: 250, writes: 150, bulk: 120, misc: 100 };

/** Usually the right key; sometimes none or a wrong one (401 problem+json). */
const apiKey = fc.oneof(
  { weight: 8, arbitrary: fc.constant<string | undefined>(ADMIN_KEY) },
  { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
const keyHeader = (key: string | undefined): Record<string, string> =>
  key === undefined ? {} : { 'x-api-key': key };

/** Non-blank NDJSON records exactly as the server counts them. */
function ndjsonRecordCount(body: string): number {
  return Buffer.from(body, 'utf8')
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
    .filter((line) => line.trim() !== '').length;
}

/** The id field of a JSON body text, when there is a usable one. */
function bodyId(body: string): string {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'string' && /^[\w.:-]{1,128}$/.test(id) ? id : 'no-id';
  } catch {
    return 'no-id';
  }
}

describe('bad input (property-based)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(
      testConfig({ ADMIN_API_KEY: ADMIN_KEY, RATE_LIMIT_READ_PER_MIN: '0', RATE_LIMIT_WRITE_PER_MIN: '0' }),
    );
    // Writes wait for a refresh; a short interval on this test's own index keeps the run fast.
    const es = rawEs(app.config);
    try {
      const alias = `${app.config.elasticsearch.indexPrefix}-products`;
      await eventually(() => es.indices.get({ index: alias }));
      await es.indices.putSettings({ index: alias, settings: { refresh_interval: '50ms' } });
    } finally {
      await es.close();
    }
  });

  afterAll(async () => {
    await app.close();
    await dropTestData(app.config);
  });

  /** Runs one property: every generated request must keep the contract. */
  async function check<T>(
    label: string,
    arbitrary: fc.Arbitrary<T>,
    toRequest: (value: T) => ProbeRequest,
    numRuns: number,
    extra?: (value: T, result: ProbeResult) => string | undefined,
  ): Promise<void> {
    const tally = new Tally();
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const req = toRequest(value);
        const result = await probe(app.url, req);
        tally.add(result.status);
        const breach = contractBreach(result) ?? extra?.(value, result);
        if (breach) throw new Error(`${req.method} ${req.path.slice(0, 300)} → ${breach}`);
      }),
      { numRuns, endOnFailure: false },
    );
    console.log(tally.summary(label));
    expect(tally.serverErrors).toBe(0);
  }

  it('GET /search: any query string', async () => {
    await check(
      'GET /search',
      queryString(SEARCH_KEYS),
      (qs) => ({ method: 'GET', path: `/search${qs}` }),
      RUNS.reads,
    );
  });

  it('GET /search and /search/suggest: any text as q reaches Elasticsearch safely', async () => {
    await check(
      'GET /search?q=<any text>',
      fc.record({
        q: nastyText.filter((q) => q.length <= 512),
        path: fc.constantFrom('/search', '/search/suggest'),
        sort: fc.constantFrom('', '&sort=relevance', '&sort=price_asc', '&sort=newest'),
      }),
      ({ q, path, sort }) => ({
        method: 'GET',
        path: `${path}?q=${encode(q)}${path === '/search' ? sort : ''}`,
      }),
      RUNS.reads,
      ({ q, path }, result) => {
        // Any text up to the documented limit is a valid search (suggest allows 100 characters).
        const limit = path === '/search' ? 512 : 100;
        const length = q.trim().replace(/\s+/g, ' ').length;
        if (length <= limit && result.status !== 200) return `expected 200 for q of ${length} characters`;
        return undefined;
      },
    );
  });

  it('GET /search/suggest: any query string', async () => {
    await check(
      'GET /search/suggest',
      queryString(['q', 'size']),
      (qs) => ({ method: 'GET', path: `/search/suggest${qs}` }),
      RUNS.reads,
    );
  });

  it('GET /catalog/products/:id: any path segment and query', async () => {
    await check(
      'GET /catalog/products/:id',
      fc.tuple(pathSegment, queryString(['id', 'fields'])),
      ([id, qs]) => ({ method: 'GET', path: `/catalog/products/${id}${qs}` }),
      RUNS.reads,
    );
  });

  it('POST /1/indexes/*/queries: any Algolia parameters and values', async () => {
    const name = fc.constantFrom(
      'indexName',
      'query',
      'page',
      'hitsPerPage',
      'facets',
      'facetFilters',
      'numericFilters',
      'params',
      'filters',
      'maxValuesPerFacet',
      'highlightPreTag',
      'attributesToRetrieve',
      'analytics',
      'type',
      'unknownParameter',
    );
    const value = fc.oneof(
      jsonValueText,
      fc.constantFrom(
        '["brand:Sony"]',
        '[["category:Audio"],["brand:Acme"]]',
        '["tags:wireless","inStock:true"]',
        '["price>=10","price<=100"]',
        '"query=lamp&hitsPerPage=3&facetFilters=%5B%22brand%3AAcme%22%5D"',
        '["*"]',
        '2',
        '0',
      ),
    );
    const request = fc
      .tuple(
        fc.constantFrom('"products"', '"products_price_asc"', '"products_rating"', '"nope"', '7'),
        fc.array(fc.tuple(name, value), { maxLength: 5 }),
      )
      .map(([index, params]) =>
        [`"indexName":${index}`, ...params.map(([k, v]) => `${JSON.stringify(k)}:${v}`)].join(','),
      )
      .map((fields) => `{${fields}}`);
    await check(
      'POST /1/indexes/*/queries',
      fc.record({
        requests: fc.array(request, { minLength: 1, maxLength: 3 }),
        type: fc.constantFrom('text/plain', 'application/json'),
      }),
      ({ requests, type }) => ({
        method: 'POST',
        path: '/1/indexes/*/queries',
        body: `{"requests":[${requests.join(',')}]}`,
        contentType: type,
      }),
      RUNS.writes,
    );
  });

  it('POST /catalog/products: any body, content type and key', async () => {
    await check(
      'POST /catalog/products',
      fc.record({ body: jsonBodyText, type: contentType, key: apiKey }),
      ({ body, type, key }) => ({
        method: 'POST',
        path: '/catalog/products',
        body,
        contentType: type,
        headers: keyHeader(key),
      }),
      RUNS.writes,
    );
  });

  it('PUT /catalog/products/:id: any id, body, content type and key', async () => {
    await check(
      'PUT /catalog/products/:id',
      fc.record({
        // 'body': the id inside the body, so well-formed replacements succeed too.
        id: fc.oneof(pathSegment, fc.stringMatching(/^fuzz-[a-z0-9]{1,8}$/), fc.constant('body')),
        body: jsonBodyText,
        type: contentType,
        key: apiKey,
      }),
      ({ id, body, type, key }) => ({
        method: 'PUT',
        path: `/catalog/products/${id === 'body' ? bodyId(body) : id}`,
        body,
        contentType: type,
        headers: keyHeader(key),
      }),
      RUNS.writes,
    );
  });

  it('PATCH /catalog/products/:id: any id, body, content type and key', async () => {
    await check(
      'PATCH /catalog/products/:id',
      fc.record({
        id: fc.oneof(pathSegment, fc.stringMatching(/^fuzz-[a-z0-9]{1,2}$/)),
        body: jsonBodyText,
        type: contentType,
        key: apiKey,
      }),
      ({ id, body, type, key }) => ({
        method: 'PATCH',
        path: `/catalog/products/${id}`,
        body,
        contentType: type,
        headers: keyHeader(key),
      }),
      RUNS.writes,
    );
  });

  it('DELETE /catalog/products/:id: any id, optional body, and key', async () => {
    await check(
      'DELETE /catalog/products/:id',
      fc.record({
        id: fc.oneof(pathSegment, fc.stringMatching(/^fuzz-[a-z0-9]{1,2}$/)),
        body: fc.option(jsonBodyText, { nil: undefined }),
        key: apiKey,
      }),
      ({ id, body, key }) => ({
        method: 'DELETE',
        path: `/catalog/products/${id}`,
        body,
        contentType: body === undefined ? undefined : 'application/json',
        headers: keyHeader(key),
      }),
      RUNS.misc,
    );
  });

  it('POST /catalog/products/bulk (NDJSON): any lines; indexed + failed = records sent', async () => {
    const line = fc.oneof(
      { weight: 3, arbitrary: almostValidProduct },
      { weight: 3, arbitrary: jsonBodyText },
      { weight: 1, arbitrary: nastyText },
      { weight: 1, arbitrary: fc.constant('') },
    );
    await check(
      'POST /catalog/products/bulk (NDJSON)',
      fc.record({
        lines: fc.array(line, { maxLength: 25 }),
        eol: fc.constantFrom('\n', '\r\n'),
        bom: fc.boolean(),
        type: fc.constantFrom(
          'application/x-ndjson',
          'application/ndjson',
          'application/x-ndjson; charset=utf-8',
        ),
        key: apiKey,
      }),
      ({ lines, eol, bom, type, key }) => ({
        method: 'POST',
        path: '/catalog/products/bulk',
        body: (bom ? '\ufeff' : '') + lines.join(eol),
        contentType: type,
        headers: keyHeader(key),
      }),
      RUNS.bulk,
      ({ lines, eol, bom }, result) => {
        if (result.status !== 200) return undefined;
        const sent = ndjsonRecordCount((bom ? '\ufeff' : '') + lines.join(eol));
        const report = JSON.parse(result.text) as { indexed: number; failed: number; errors: unknown[] };
        if (report.indexed + report.failed !== sent || report.errors.length !== report.failed)
          return `report ${result.text.slice(0, 300)} does not account for ${sent} records`;
        return undefined;
      },
    );
  });

  it('POST /catalog/products/bulk (JSON): any array or value; indexed + failed = items sent', async () => {
    const item = fc.oneof(
      { weight: 2, arbitrary: almostValidProduct },
      { weight: 1, arbitrary: jsonValueText },
    );
    await check(
      'POST /catalog/products/bulk (JSON)',
      fc.record({
        body: fc.oneof(
          { weight: 4, arbitrary: fc.array(item, { maxLength: 20 }).map((items) => `[${items.join(',')}]`) },
          { weight: 1, arbitrary: jsonBodyText },
        ),
        type: contentType,
        key: apiKey,
      }),
      ({ body, type, key }) => ({
        method: 'POST',
        path: '/catalog/products/bulk',
        body,
        contentType: type,
        headers: keyHeader(key),
      }),
      RUNS.bulk,
      ({ body, type }, result) => {
        if (result.status !== 200) return undefined;
        const ndjson = (type ?? '').toLowerCase().includes('ndjson');
        const sent = ndjson ? ndjsonRecordCount(body) : (JSON.parse(body) as unknown[]).length;
        const report = JSON.parse(result.text) as { indexed: number; failed: number };
        if (report.indexed + report.failed !== sent)
          return `report ${result.text.slice(0, 300)} does not account for ${sent} items`;
        return undefined;
      },
    );
  });

  it('GET /health, /health/ready, /cache/stats, /metrics: any query string and key', async () => {
    await check(
      'GET /health, /health/ready, /cache/stats, /metrics',
      fc.record({
        path: fc.constantFrom(
          '/health',
          '/health/ready',
          '/cache/stats',
          '/metrics',
          '/health/',
          '/cache/stats/',
        ),
        qs: queryString(['verbose', 'format', 'x']),
        key: apiKey,
      }),
      ({ path, qs, key }) => ({ method: 'GET', path: path + qs, headers: keyHeader(key) }),
      RUNS.misc,
    );
  });
});
