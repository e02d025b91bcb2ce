import { spawn } from 'node:child_process';
import { CacheAsideEdge } from '@app/cache';
import type { AppConfig } from '@app/config';
import { PRODUCTS } from './search-fixture';
import { childEnv } from './support/child-env';
import { dropTestData } from './support/cleanup';
import { eventually } from './support/es';
import { getRaw, json, type RawResponse } from './support/http';
import { seedProducts } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';
import { CLI_MAIN as CLI, assertBuilt } from './support/paths';

const ADMIN_KEY = 'e2e-popular-admin-key-0123456789';

interface Popular {
  hours: number;
  top: { url: string; requests: number }[];
  zeroResults: { url: string; requests: number }[];
}

function cli(config: AppConfig, args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [CLI, ...args], { env: childEnv(config), stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', resolve));
}

/**
 * Request counting per canonical key (GET /cache/popular) and warming after `cli cache purge`:
 * two instances share Redis; the purge runs in the compiled CLI, as an operator would run it.
 */
describe('popular queries and warming after a purge', () => {
  const config = testConfig({ ADMIN_API_KEY: ADMIN_KEY, CACHE_WARM_TOP_N: '3' });
  const apps: TestApp[] = [];
  const admin = { 'x-api-key': ADMIN_KEY };
  let first: TestApp;
  let second: TestApp;

  const get = (app: TestApp, path: string, headers: Record<string, string> = {}): Promise<RawResponse> =>
    getRaw(app.url + path, headers);

  beforeAll(async () => {
    assertBuilt(CLI);
    first = await startTestApp(config);
    second = await startTestApp(config);
    apps.push(first, second);
    await seedProducts(config, PRODUCTS);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await dropTestData(config);
  });

  it('the hit path knows every @CacheAside() route from boot, before any traffic', () => {
    // /search, /search/suggest and /catalog/products/:id.
    expect(first.app.get(CacheAsideEdge).routeCount).toBe(3);
  });

  it('lists the most requested canonical queries of both instances, and the zero-result ones (admin only)', async () => {
    for (let i = 0; i < 4; i++) await get(i % 2 ? first : second, '/search?q=laptop');
    // Same canonical request: parameter case and explicit defaults fold into one key.
    await get(first, '/search?q=LAPTOP&page=1');
    for (let i = 0; i < 3; i++) await get(second, '/search?q=headphones');
    await get(first, '/catalog/products/p01');
    for (let i = 0; i < 2; i++) await get(first, '/search?q=qwxzvnothingmatches');
    // Counts are flushed once a second per instance; a listing flushes only its own instance.
    await eventually(async () => {
      const res = await get(first, '/cache/popular?limit=10', admin);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = json<Popular>(res);
      expect(body.top.slice(0, 2)).toEqual([
        { url: expect.stringMatching(/^\/search\?q=(laptop|LAPTOP)/) as string, requests: 5 },
        { url: '/search?q=headphones', requests: 3 },
      ]);
      expect(body.zeroResults).toEqual([{ url: '/search?q=qwxzvnothingmatches', requests: 2 }]);
      return Promise.resolve();
    }, 5_000);

    const anonymous = await get(first, '/cache/popular');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    const bad = await get(first, '/cache/popular?limit=0', admin);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });

  it('after `cli cache purge` the top queries are HITs again without a client asking, warmed once', async () => {
    expect((await get(first, '/search?q=headphones')).cache).toBe('HIT');
    const before = json<Popular>(await get(first, '/cache/popular', admin));
    const top3 = before.top.slice(0, 3).map((entry) => entry.url);
    // No client asks: the instances' own miss counters show the replays (one instance, once each).
    const misses = async (): Promise<number> => {
      let sum = 0;
      for (const app of [first, second])
        sum += json<{ misses: number }>(await get(app, '/cache/stats', admin)).misses;
      return sum;
    };
    // Counted before the purge: the warm-up may be done before the CLI process has exited.
    const missesBefore = await misses();
    expect(await cli(config, ['cache', 'purge'])).toBe(0);
    await eventually(async () => expect(await misses()).toBe(missesBefore + 3), 8_000);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await misses()).toBe(missesBefore + 3);
    for (const app of [first, second]) {
      for (const url of top3) expect((await get(app, url)).cache).toBe('HIT');
    }
    // Warming went through the app, not through the edge: only the two GETs above were counted.
    await eventually(async () => {
      const after = json<Popular>(await get(first, '/cache/popular', admin));
      expect(after.top.slice(0, 3)).toEqual(
        before.top.slice(0, 3).map((entry) => ({ ...entry, requests: entry.requests + 2 })),
      );
    }, 5_000);
  });
});
