import type { Client } from '@elastic/elasticsearch';
import { BulkIngestionService, type Product, ProductRepository, type SourceEntry } from '@app/catalog';
import { dropTestData } from './support/cleanup';
import { eventually, rawEs } from './support/es';
import { probe, problemBreach, type ProbeResult } from './support/http-probe';
import { PrivateRedis } from './support/private-redis';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';
import { TcpProxy } from './support/tcp-proxy';

/**
 * Elasticsearch failing under a running app, through a TCP proxy each test controls (the
 * shared node is never stopped): gone, slow, refusing documents, and absent at boot.
 */
const TIMEOUT_MS = 1_000;
const TTL_MS = 1_000;
/** Scheduling slack on a busy machine; the bounds below are about hangs, not speed. */
const SLACK_MS = 5_000;
const REAL_ES = testConfig().elasticsearch.nodes[0];

interface Timed extends ProbeResult {
  elapsedMs: number;
}

async function timed(
  url: string,
  path: string,
  init: { method?: string; body?: string } = {},
): Promise<Timed> {
  const startedMs = performance.now();
  const result = await probe(url, {
    method: init.method ?? 'GET',
    path,
    body: init.body,
    contentType: init.body === undefined ? undefined : 'application/json',
  });
  return { ...result, elapsedMs: performance.now() - startedMs };
}

function expectUnavailable(result: Timed, status: 503 | 504 = 503): void {
  expect(problemBreach(result)).toBeUndefined();
  expect(result.status).toBe(status);
  expect(result.contentType).toContain('application/problem+json');
  if (status === 503) expect(Number(result.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('Elasticsearch faults', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  async function startBehindProxy(
    overrides: Record<string, string> = {},
    proxyOpen = true,
  ): Promise<{ app: TestApp; proxy: TcpProxy }> {
    const proxy = await TcpProxy.start(REAL_ES, proxyOpen);
    const app = await startTestApp(
      testConfig({
        ELASTICSEARCH_NODE: proxy.url,
        ELASTICSEARCH_TIMEOUT_MS: String(TIMEOUT_MS),
        RATE_LIMIT_READ_PER_MIN: '0',
        RATE_LIMIT_WRITE_PER_MIN: '0',
        ...overrides,
      }),
    );
    cleanups.push(async () => {
      await app.close();
      await proxy.close();
      await dropTestData(app.config);
    });
    return { app, proxy };
  }

  const seed = async (url: string, products: Partial<Product>[]): Promise<void> => {
    const body = products.map((p) => JSON.stringify(p)).join('\n');
    const res = await fetch(`${url}/catalog/products/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(await res.json()).toMatchObject({ indexed: products.length, failed: 0 });
  };

  it('stops: stale copies (X-Cache: STALE) where they exist, else 503 + Retry-After at once; readiness 503, liveness 200; recovers without restart', async () => {
    // Default staleness bound: the seed's generation move comes at once, so the copies filled
    // after it are the ones that stand in.
    const { app, proxy } = await startBehindProxy({ CACHE_TTL_MS: String(TTL_MS) });
    const url = app.url;
    await eventually(async () => expect((await timed(url, '/health/ready')).status).toBe(200), 30_000);
    await seed(url, [
      { id: 'es-1', title: 'Sony Wireless Headphones', price: 99 },
      { id: 'es-2', title: 'Lenovo Laptop', price: 999 },
    ]);
    const fresh = await timed(url, '/search?q=headphones');
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('x-cache')).toBe('MISS');
    expect((await timed(url, '/catalog/products/es-1')).headers.get('x-cache')).toBe('MISS');
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 500)); // past the TTL

    await proxy.close();

    const stale = await timed(url, '/search?q=headphones');
    expect(stale.status).toBe(200);
    expect(stale.headers.get('x-cache')).toBe('STALE');
    expect(stale.text).toBe(fresh.text);
    expect((await timed(url, '/catalog/products/es-1')).headers.get('x-cache')).toBe('STALE');

    for (const path of ['/search?q=laptop', '/search/suggest?q=len', '/catalog/products/es-2']) {
      const down = await timed(url, path);
      expectUnavailable(down);
      expect(down.elapsedMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    }
    const write = await timed(url, '/catalog/products', {
      method: 'POST',
      body: JSON.stringify({ id: 'es-3', title: 'During the outage' }),
    });
    expectUnavailable(write);
    expect(write.text).toContain('CATALOG_STORE_UNAVAILABLE');

    const ready = await timed(url, '/health/ready');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toMatchObject({ error: { elasticsearch: { status: 'down' } } });
    expect((await timed(url, '/health')).status).toBe(200);

    await proxy.open();

    await eventually(async () => {
      const back = await timed(url, '/search?q=laptop');
      expect(back.status).toBe(200);
      expect(JSON.parse(back.text)).toMatchObject({ total: { value: 1 } });
    }, 30_000);
    await eventually(async () => expect((await timed(url, '/health/ready')).status).toBe(200), 30_000);
  });

  it('slow: a search that outlasts ELASTICSEARCH_TIMEOUT_MS is cut off with 504 problem+json, readiness 503', async () => {
    const { app, proxy } = await startBehindProxy();
    await eventually(async () => expect((await timed(app.url, '/health/ready')).status).toBe(200), 30_000);
    proxy.delayMs = TIMEOUT_MS * 4;

    const [search, suggest] = await Promise.all([
      timed(app.url, '/search?q=slow'),
      timed(app.url, '/search/suggest?q=slo'),
    ]);
    for (const result of [search, suggest]) {
      expectUnavailable(result, 504);
      expect(JSON.parse(result.text)).toMatchObject({ code: 'search_timeout' });
      // Cut at the configured bound, not when the slow answer finally arrives.
      expect(result.elapsedMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(result.elapsedMs).toBeLessThan(TIMEOUT_MS * 4);
    }
    expect((await timed(app.url, '/health/ready')).status).toBe(503);
    expect((await timed(app.url, '/health')).status).toBe(200);

    proxy.delayMs = 0;
    await eventually(async () => expect((await timed(app.url, '/search?q=fast')).status).toBe(200), 30_000);
  });

  it('boots with Elasticsearch and Redis down: live, not ready, 503; creates the index as soon as Elasticsearch appears', async () => {
    const redis = await PrivateRedis.start();
    await redis.kill();
    cleanups.push(() => redis.kill());
    const { app, proxy } = await startBehindProxy({ REDIS_URL: redis.url }, false);
    const es: Client = rawEs(testConfig());
    cleanups.push(() => es.close());
    const alias = `${app.config.elasticsearch.indexPrefix}-products`;

    expect((await timed(app.url, '/health')).status).toBe(200);
    const ready = await timed(app.url, '/health/ready');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toMatchObject({
      error: { elasticsearch: { status: 'down' }, redis: { status: 'down' } },
    });
    const down = await timed(app.url, '/search?q=anything');
    expectUnavailable(down);
    expect(down.elapsedMs).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    expect(await es.indices.existsAlias({ name: alias })).toBe(false);

    await proxy.open();

    await eventually(async () => expect(await es.indices.existsAlias({ name: alias })).toBe(true), 30_000);
    const bypass = await eventually(async () => {
      const res = await timed(app.url, '/search?q=anything');
      expect(res.status).toBe(200);
      return res;
    }, 30_000);
    expect(bypass.headers.get('x-cache')).toBe('BYPASS');

    await redis.restart();

    await eventually(async () => expect((await timed(app.url, '/health/ready')).status).toBe(200), 30_000);
    await eventually(async () => {
      await timed(app.url, '/search?q=cached');
      expect((await timed(app.url, '/search?q=cached')).headers.get('x-cache')).toBe('HIT');
    }, 30_000);
  });

  describe('bulk with partial failures', () => {
    let app: TestApp;
    const es: Client = rawEs(testConfig());
    const alias = (): string => `${app.config.elasticsearch.indexPrefix}-products`;
    const count = async (): Promise<number> => {
      await es.indices.refresh({ index: alias() });
      return (await es.count({ index: alias() })).count;
    };

    beforeAll(async () => {
      ({ app } = await startBehindProxy());
      await eventually(() => es.indices.get({ index: alias() }), 30_000);
    });
    afterAll(() => es.close());

    it('through the API: each invalid record reported by line; indexed + failed = sent = index count + failed', async () => {
      const lines = [
        JSON.stringify({ id: 'pf-1', title: 'Valid one', price: 1 }),
        JSON.stringify({ id: 'pf-2', title: 'String price', price: 'cheap' }),
        '{"id":"pf-3","title":',
        JSON.stringify({ id: 'pf-4', title: 'Valid two', stock: 3 }),
        JSON.stringify({ id: 'pf-5', title: 'Unknown field', colour: 'red' }),
        JSON.stringify({ id: 'pf-1', title: 'Duplicate id' }),
        JSON.stringify({ id: 'pf-6', title: 'Bad offset', createdAt: '2024-01-01T00:00:00+23:00' }),
        JSON.stringify({ id: 'pf-7', title: 'Valid three', tags: ['a'] }),
      ];
      const res = await fetch(`${app.url}/catalog/products/bulk`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: lines.join('\n'),
      });
      const report = (await res.json()) as { indexed: number; failed: number; errors: { line: number }[] };
      expect(res.status).toBe(200);
      expect(report.indexed).toBe(3);
      expect(report.failed).toBe(5);
      expect(report.indexed + report.failed).toBe(lines.length);
      expect(report.errors.map((e) => e.line)).toEqual([2, 3, 5, 6, 7]);
      expect(await count()).toBe(report.indexed);
    });

    it('through the repository adapter: mapping conflicts Elasticsearch refuses are per-item failures, never the batch', async () => {
      // The API validates every record first, so a document Elasticsearch's strict mapping refuses
      // cannot arrive through HTTP; the adapter path (used by bulk, seed and reindex) still has to
      // report such refusals per item. Records are handed over as already-parsed entries.
      const ingestion = app.app.get(BulkIngestionService);
      const repository = app.app.get(ProductRepository);
      const before = await count();
      const refused = [
        { id: 'mc-1', title: 'Price as text', price: 'not a number' },
        { id: 'mc-2', title: 'Stock as object', stock: { many: true } },
        { id: 'mc-3', title: 'Field outside the strict mapping', colour: 'red' },
        { id: 'mc-4', title: 'Date Elasticsearch cannot parse', createdAt: '2024-01-01T00:00:00+23:00' },
      ] as unknown as Product[];
      const valid: Product[] = [
        { id: 'mc-ok-1', title: 'Fine', price: 2 },
        { id: 'mc-ok-2', title: 'Also fine', stock: 1 },
      ];
      const entries: SourceEntry[] = [...valid, ...refused].map((product, i) => ({ line: i + 1, product }));
      const report = await ingestion.ingest(entries, { batchSize: 3, concurrency: 2, refresh: 'wait_for' });
      expect(report).toMatchObject({ sent: 6, indexed: 2, failed: 4 });
      expect(report.errors.map((e) => ('id' in e ? e.id : e.line))).toEqual(['mc-1', 'mc-2', 'mc-3', 'mc-4']);
      // Refusals are final (4xx): nothing retried, nothing half-written.
      expect(report.retries).toBe(0);
      expect(await count()).toBe(before + 2);
      const results = await repository.bulkUpsert(refused.slice(0, 1), { refresh: false });
      expect(results).toEqual([
        { id: 'mc-1', ok: false, status: 400, reason: expect.stringContaining('price') as unknown },
      ]);
    });
  });
});
