import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { Metrics } from '@app/observability';
import { CacheAsideEdge } from './cache-aside.edge';
import type { CacheAsideOptions } from './cache-aside.options';
import { CacheAsideService } from './cache-aside.service';
import { CacheFiller } from './cache-filler';
import { cachedResponse } from './cached-response';
import type { PopularRequests } from './popular/popular-requests';
import { RequestCanonicalizer } from './request-canonicalizer';
import { InMemoryResponseCacheStore } from './testing/in-memory-response-cache.store';

const OPTIONS: CacheAsideOptions = { route: 'product', namespace: 'products', params: ['id'] };
const ROUTE = '/catalog/products/:id';
const URL_PATH = '/catalog/products/p-1';
const HEADERS = { 'x-frame-options': 'SAMEORIGIN', 'cache-control': 'no-store' };

/**
 * The edge on a real HTTP server, in front of a stand-in for Fastify that answers 299: whatever
 * reaches "Fastify" is visible as that status, whatever the edge answers is not.
 */
describe('CacheAsideEdge', () => {
  let server: Server | undefined;
  let store: InMemoryResponseCacheStore;
  let metrics: Metrics;
  let canonicalizer: RequestCanonicalizer;
  let counted: string[];
  let handedOn: (ReturnType<CacheAsideEdge['contextOf']> | undefined)[];

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterEach(() => stop());

  /** Closes the server, keep-alive connections included (fetch keeps them open). */
  function stop(): Promise<void> {
    const closing = server;
    server = undefined;
    if (!closing) return Promise.resolve();
    return new Promise<void>((resolve) => {
      closing.close(() => resolve());
      closing.closeAllConnections();
    });
  }

  async function start(
    headers: Record<string, string> = HEADERS,
  ): Promise<{ edge: CacheAsideEdge; origin: string }> {
    const config = loadConfig({ CACHE_KEY_PREFIX: 'unit' });
    store = new InMemoryResponseCacheStore('unit');
    metrics = new Metrics();
    canonicalizer = new RequestCanonicalizer();
    counted = [];
    handedOn = [];
    const popular = { count: (_context: unknown, url: string) => counted.push(url) };
    const service = new CacheAsideService(
      store,
      canonicalizer,
      new CacheFiller(store, metrics, config),
      metrics,
      config,
    );
    const edge = new CacheAsideEdge(service, popular as unknown as PopularRequests, metrics, config);
    edge.learn(ROUTE, OPTIONS);
    edge.learn('/search', { route: 'search', namespace: 'search' });
    server = createServer((req, res) =>
      edge.serve(
        req,
        res,
        () => {
          handedOn.push(edge.contextOf(req, ROUTE, { id: 'p-1' }));
          res.writeHead(299).end('fastify');
        },
        headers,
      ),
    );
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return { edge, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  const storeEntry = async (body = '{"hits":[]}'): Promise<string> => {
    const slot = await canonicalizer.slot(OPTIONS, URL_PATH, {}, { id: 'p-1' });
    const entry = cachedResponse(Buffer.from(body), 60_000, 'application/json; charset=utf-8');
    if (slot) await store.write(slot, [0], entry, 60_000);
    return entry.etag;
  };

  it('answers a fresh hit of a cached route itself: stored bytes, app and cache headers, metrics, count', async () => {
    const { origin } = await start();
    const etag = await storeEntry();

    const res = await fetch(origin + URL_PATH, { headers: { 'x-request-id': 'edge-1' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"hits":[]}');
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'x-cache': 'HIT',
      etag,
      'x-request-id': 'edge-1',
      'x-frame-options': 'SAMEORIGIN',
      'content-type': 'application/json; charset=utf-8',
      'content-length': '11',
    });
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=60\b/);
    expect((await metrics.cacheSummary()).hits).toBe(1);
    const durations = metrics.httpDuration.get();
    expect(durations.values.find((v) => v.metricName?.endsWith('_count'))?.labels).toMatchObject({
      route: ROUTE,
      status: '200',
    });
    expect(counted).toEqual([URL_PATH]);

    const notModified = await fetch(origin + URL_PATH, { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    const head = await fetch(origin + URL_PATH, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-cache')).toBe('HIT');
    expect(counted).toHaveLength(2); // HEAD is not counted as a request for the content
  });

  it('answers a hit the store holds in process without a lookup (at the end of the turn its request arrived in)', async () => {
    const { origin } = await start();
    await storeEntry('{"hits":["local"]}');
    const slot = await canonicalizer.slot(OPTIONS, URL_PATH, {}, { id: 'p-1' });
    const copy = slot ? await store.lookup(slot) : undefined;
    let lookups = 0;
    store.lookupInProcess = () => copy;
    store.lookup = () => Promise.reject(new Error(`lookup ${++lookups}`));

    const res = await fetch(origin + URL_PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cache')).toBe('HIT');
    expect(await res.text()).toBe('{"hits":["local"]}');
    expect(lookups).toBe(0);
    expect(counted).toEqual([URL_PATH]);
    // Not held in process: looked up (and, the lookup failing, handed to Fastify).
    store.lookupInProcess = () => undefined;
    expect((await fetch(origin + URL_PATH)).status).toBe(299);
    expect(lookups).toBe(1);
  });

  it('hands the rest to Fastify: other routes and methods, misses (with what it found), Redis away', async () => {
    const { origin } = await start();
    expect((await fetch(origin + '/health')).status).toBe(299);
    expect((await fetch(origin + '/catalog/products')).status).toBe(299);
    expect((await fetch(origin + URL_PATH, { method: 'DELETE' })).status).toBe(299);
    expect(handedOn).toEqual([undefined, undefined, undefined]);
    expect((await fetch(origin + URL_PATH)).status).toBe(299); // nothing stored: a miss
    expect(handedOn[3]).toMatchObject({ state: 'MISS', slot: { namespace: 'products' } });
    await storeEntry();
    store.available = false;
    expect((await fetch(origin + URL_PATH)).status).toBe(299);
    expect(handedOn[4]).toMatchObject({ state: 'BYPASS' });
    store.available = true;
    expect((await fetch(origin + URL_PATH)).status).toBe(200);
    expect((await metrics.cacheSummary()).hits).toBe(1);
  });

  it('sends the headers it is given (CORS) merging Vary, and closes connections once shutdown begins', async () => {
    const { edge, origin } = await start({
      ...HEADERS,
      vary: 'origin',
      'access-control-allow-origin': 'https://a.example',
    });
    await storeEntry();
    const res = await fetch(origin + URL_PATH);
    expect(res.headers.get('vary')).toBe('accept-encoding, origin');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://a.example');
    edge.beforeApplicationShutdown();
    const draining = await fetch(origin + URL_PATH);
    expect(draining.status).toBe(200);
    expect(draining.headers.get('connection')).toBe('close');
  });
});
