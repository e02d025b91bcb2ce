import { type IncomingHttpHeaders, request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { PRODUCTS } from './search-fixture';
import { dropTestData } from './support/cleanup';
import { seedProducts } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';

const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';
const SEARCH_TTL_MS = 1_000;
const CONTENT_HEADERS = ['content-type', 'content-length', 'content-encoding'];

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes on the wire (never decoded by the client). */
  body: Buffer;
}

/** node:http, so exactly the headers given are sent (fetch and supertest add Accept-Encoding). */
function raw(url: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 10 item 4 on the real stack: stored entries compressed once and sent as stored or decoded,
 * an ETag that survives a refill of unchanged data, Date/Age, 304 headers, and no-store outside
 * the response cache. With the read limit off and on (counted at the HTTP front, before the edge).
 */
describe.each([
  ['read limit off', '0'],
  ['read limit on', '100000'],
])('HTTP semantics of cached responses: %s', (_name, readLimit) => {
  let app: TestApp;
  const get = (path: string, headers: Record<string, string> = {}): Promise<Raw> =>
    raw(`${app.url}${path}`, headers);

  beforeAll(async () => {
    app = await startTestApp(
      testConfig({
        ADMIN_API_KEY: ADMIN_KEY,
        RATE_LIMIT_READ_PER_MIN: readLimit,
        CACHE_SEARCH_TTL_MS: String(SEARCH_TTL_MS),
        CACHE_SUGGEST_TTL_MS: '60000',
        CACHE_SWR_MS: '0',
      }),
    );
    await seedProducts(app.config, PRODUCTS);
  });
  afterAll(async () => {
    await app?.close();
    await dropTestData(app.config);
  });

  describe('compression', () => {
    it('gzip-accepting clients get the stored gzip bytes; others the identical JSON, decoded', async () => {
      const path = '/search?q=headphones&size=20';
      const gzip = await get(path, { 'accept-encoding': 'gzip, deflate, br' });
      expect(gzip.status).toBe(200);
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gzip.headers.vary).toMatch(/accept-encoding/i);
      expect(Number(gzip.headers['content-length'])).toBe(gzip.body.length);
      const decoded = gunzipSync(gzip.body);

      for (const [cache, headers] of [
        ['HIT', {}],
        ['HIT', { 'accept-encoding': 'br' }],
        ['HIT', { 'accept-encoding': 'gzip;q=0, deflate' }],
      ] as const) {
        const plain = await get(path, headers);
        expect({ status: plain.status, cache: plain.headers['x-cache'] }).toEqual({ status: 200, cache });
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(plain.headers.vary).toMatch(/accept-encoding/i);
        expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(plain.body.equals(decoded)).toBe(true);
        // One representation, one strong ETag: the plain one is the data's, gzip's carries the coding.
        expect(`${String(plain.headers.etag).slice(0, -1)}-gzip"`).toBe(gzip.headers.etag);
      }
      const again = await get(path, { 'accept-encoding': 'gzip' });
      expect(again.headers['x-cache']).toBe('HIT');
      expect(again.body.equals(gzip.body)).toBe(true);
      const body = JSON.parse(decoded.toString()) as Record<string, unknown>;
      expect(body).toHaveProperty('hits');
      expect(decoded.length).toBeGreaterThan(gzip.body.length * 2);
    });

    it('a MISS answers a client without Accept-Encoding with plain JSON too', async () => {
      const miss = await get('/search?q=lamp&size=20');
      expect(miss.headers['x-cache']).toBe('MISS');
      expect(miss.headers['content-encoding']).toBeUndefined();
      expect((JSON.parse(miss.body.toString()) as { hits: unknown[] }).hits.length).toBeGreaterThan(0);
    });
  });

  describe('ETag and timing', () => {
    it('keeps the ETag and the bytes across a refill of unchanged data; timing goes in Server-Timing', async () => {
      const path = '/search?q=coffee&size=20';
      const first = await get(path, { 'accept-encoding': 'gzip' });
      expect(first.headers['x-cache']).toBe('MISS');
      expect(first.headers['server-timing']).toMatch(/^es;dur=\d+(\.\d+)?$/);
      await sleep(SEARCH_TTL_MS + 200);
      const refill = await get(path, { 'accept-encoding': 'gzip' });
      expect(refill.headers['x-cache']).toBe('MISS');
      expect(refill.headers['server-timing']).toMatch(/^es;dur=/);
      expect(refill.headers.etag).toBe(first.headers.etag);
      expect(refill.body.equals(first.body)).toBe(true);
      expect(JSON.parse(gunzipSync(refill.body).toString())).not.toHaveProperty('tookMs');
      // A hit ran no search: no Elasticsearch timing.
      const hit = await get(path, { 'accept-encoding': 'gzip' });
      expect(hit.headers['x-cache']).toBe('HIT');
      expect(hit.headers['server-timing']).toBeUndefined();
    });

    it('dates a hit when it was filled, with Age counted from then', async () => {
      const path = '/search/suggest?q=hea';
      const miss = await get(path);
      expect(miss.headers['x-cache']).toBe('MISS');
      expect(miss.headers.age).toBe('0');
      await sleep(1_300);
      const hit = await get(path);
      expect(hit.headers['x-cache']).toBe('HIT');
      expect(hit.headers.date).toBe(miss.headers.date);
      const age = Number(hit.headers.age);
      expect(age).toBeGreaterThanOrEqual(1);
      // Date + Age is now, to the second (both are whole seconds).
      const impliedNowMs = Date.parse(String(hit.headers.date)) + age * 1000;
      expect(Math.abs(Date.now() - impliedNowMs)).toBeLessThan(2_100);
    });
  });

  describe('304 Not Modified', () => {
    it('carries validators and caching headers, and no content headers, on a hit', async () => {
      const path = '/search?q=knife&size=20';
      const first = await get(path, { 'accept-encoding': 'gzip' });
      const etag = String(first.headers.etag);
      const notModified = await get(path, { 'accept-encoding': 'gzip', 'if-none-match': etag });
      expect({ status: notModified.status, cache: notModified.headers['x-cache'] }).toEqual({
        status: 304,
        cache: 'HIT',
      });
      expect(notModified.body.length).toBe(0);
      expect(notModified.headers).toMatchObject({
        etag,
        'cache-control': first.headers['cache-control'],
        vary: expect.stringMatching(/accept-encoding/i) as unknown,
        date: first.headers.date,
        age: expect.stringMatching(/^\d+$/) as unknown,
      });
      for (const name of CONTENT_HEADERS)
        expect({ name, value: notModified.headers[name] }).toEqual({ name });
      // The plain representation has another tag: the gzip one does not validate it.
      expect((await get(path, { 'if-none-match': etag })).status).toBe(200);
    });

    it('answers a MISS whose fill the client already holds with a 304 as well', async () => {
      const path = '/search?q=tent&size=20';
      const first = await get(path, { 'accept-encoding': 'gzip' });
      await sleep(SEARCH_TTL_MS + 200);
      const res = await get(path, { 'accept-encoding': 'gzip', 'if-none-match': String(first.headers.etag) });
      expect({ status: res.status, cache: res.headers['x-cache'] }).toEqual({ status: 304, cache: 'MISS' });
      expect(res.body.length).toBe(0);
      expect(res.headers.etag).toBe(first.headers.etag);
      for (const name of CONTENT_HEADERS) expect({ name, value: res.headers[name] }).toEqual({ name });
    });
  });

  describe('Cache-Control outside the response cache', () => {
    it.each([
      ['GET', '/health', {}],
      ['GET', '/health/ready', {}],
      ['GET', '/metrics', {}],
      ['GET', '/cache/stats', { 'x-api-key': ADMIN_KEY }],
      ['GET', '/cache/stats', {}],
      ['GET', '/search?page=0', {}],
      ['GET', '/no/such/route', {}],
    ] as const)('%s %s → no-store', async (method, path, headers) => {
      const res = await raw(`${app.url}${path}`, headers, method);
      // Terminus answers readiness with its own `no-cache, no-store, must-revalidate`.
      expect(res.headers['cache-control']).toMatch(/(^|, )no-store(,|$)/);
    });

    it('writes are no-store', async () => {
      const [product] = PRODUCTS;
      const res = await raw(
        `${app.url}/catalog/products/${product.id}`,
        { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
        'PATCH',
        JSON.stringify({ stock: product.stock }),
      );
      expect(res.status).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });
});
