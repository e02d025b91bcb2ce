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
import { RequestCanonicalizer } from './request-canonicalizer';
import { InMemoryResponseCacheStore } from './testing/in-memory-response-cache.store';

const OPTIONS: CacheAsideOptions = { route: 'search', namespace: 'search' };
const URL_PATH = '/search?q=laptop';
const HASH = 'h4sh';
const SLOT = { namespace: 'search', hash: HASH, filters: [] } as const;
const SECURITY = { 'x-frame-options': 'SAMEORIGIN' };

/**
 * The edge on a real HTTP server, in front of a stand-in for Fastify that answers 299: whatever
 * reaches "Fastify" is visible as that status, whatever the edge answers is not.
 */
describe('CacheAsideEdge', () => {
  let server: Server | undefined;
  let store: InMemoryResponseCacheStore;
  let metrics: Metrics;

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

  async function start(env: Record<string, string> = {}): Promise<{ edge: CacheAsideEdge; origin: string }> {
    const config = loadConfig({ CACHE_KEY_PREFIX: 'unit', RATE_LIMIT_READ_PER_MIN: '0', ...env });
    store = new InMemoryResponseCacheStore('unit');
    metrics = new Metrics();
    const canonicalizer = new RequestCanonicalizer();
    const service = new CacheAsideService(
      store,
      canonicalizer,
      new CacheFiller(store, metrics, config),
      metrics,
      config,
    );
    const edge = new CacheAsideEdge(service, metrics, config);
    edge.useHeaders(SECURITY);
    server = createServer((req, res) => edge.serve(req, res, () => res.writeHead(299).end('fastify')));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return { edge, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  const storeEntry = async (body = '{"hits":[]}'): Promise<string> => {
    const entry = cachedResponse(Buffer.from(body), 60_000, 'application/json; charset=utf-8');
    await store.write(SLOT, [0], entry, 60_000);
    return entry.etag;
  };

  it('answers a fresh hit of a learned URL itself: stored bytes, cache and security headers, metrics', async () => {
    const { edge, origin } = await start();
    const etag = await storeEntry();
    edge.learn(URL_PATH, OPTIONS, SLOT, '/search');

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
    const durations = await metrics.httpDuration.get();
    expect(durations.values.find((v) => v.metricName?.endsWith('_count'))?.labels).toMatchObject({
      route: '/search',
      status: '200',
    });

    const notModified = await fetch(origin + URL_PATH, { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
  });

  it('leaves everything else to Fastify: unknown URLs, other methods, misses, Redis away', async () => {
    const { edge, origin } = await start();
    expect((await fetch(origin + URL_PATH)).status).toBe(299); // not learned yet
    edge.learn(URL_PATH, OPTIONS, SLOT, '/search');
    expect((await fetch(origin + URL_PATH)).status).toBe(299); // learned, but nothing stored: a miss
    await storeEntry();
    expect((await fetch(origin + URL_PATH, { method: 'HEAD' })).status).toBe(299);
    expect((await fetch(origin + '/search?q=other')).status).toBe(299);
    store.available = false;
    expect((await fetch(origin + URL_PATH)).status).toBe(299);
    store.available = true;
    expect((await fetch(origin + URL_PATH)).status).toBe(200);
    expect((await metrics.cacheSummary()).hits).toBe(1);
  });

  it('stands aside for CORS requests, with the read rate limit on, and once shutdown begins', async () => {
    let started = await start({ CORS_ORIGINS: 'https://shop.example' });
    await storeEntry();
    started.edge.learn(URL_PATH, OPTIONS, SLOT, '/search');
    expect(
      (await fetch(started.origin + URL_PATH, { headers: { origin: 'https://shop.example' } })).status,
    ).toBe(299);
    expect((await fetch(started.origin + URL_PATH)).status).toBe(200);
    started.edge.beforeApplicationShutdown();
    expect((await fetch(started.origin + URL_PATH)).status).toBe(299);
    await stop();

    started = await start({ RATE_LIMIT_READ_PER_MIN: '100' });
    await storeEntry();
    started.edge.learn(URL_PATH, OPTIONS, SLOT, '/search');
    expect((await fetch(started.origin + URL_PATH)).status).toBe(299);
  });
});
