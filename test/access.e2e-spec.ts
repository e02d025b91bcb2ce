import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { READ_LIMIT_SYNC_MS } from '../apps/api/src/rate-limit/read-rate-limiter';
import { startApiProcess } from './support/api-process';
import { dropTestData } from './support/cleanup';
import { eventually } from './support/es';
import { freePort } from './support/free-port';
import { probe, problemBreach, type ProbeResult } from './support/http-probe';
import { PrivateRedis } from './support/private-redis';
import { withinOneRateWindow } from './support/rate-window';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';

/**
 * Access and abuse: rate limits (Redis-backed, shared by instances, counting cache hits, failing
 * open without Redis), security headers, CORS from config, and secrets kept out of the logs.
 */
const ADMIN_KEY = 'e2e-access-admin-key-0123456789';

describe('access and abuse', () => {
  const apps: TestApp[] = [];
  const start = async (overrides: Record<string, string>): Promise<TestApp> => {
    const app = await startTestApp(testConfig(overrides));
    apps.push(app);
    return app;
  };
  afterAll(async () => {
    for (const app of apps) {
      await app.close();
      await dropTestData(app.config);
    }
  });

  const get = (app: TestApp, path: string, headers: Record<string, string> = {}): Promise<ProbeResult> =>
    probe(app.url, { method: 'GET', path, headers });
  const post = (app: TestApp, body: unknown): Promise<ProbeResult> =>
    probe(app.url, {
      method: 'POST',
      path: '/catalog/products',
      body: JSON.stringify(body),
      contentType: 'application/json',
      headers: { 'x-api-key': ADMIN_KEY },
    });

  function expectTooMany(result: ProbeResult): void {
    expect(problemBreach(result)).toBeUndefined();
    expect(result.status).toBe(429);
    expect(JSON.parse(result.text)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(result.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }

  describe('rate limits', () => {
    it('counts cache hits against the read limit: 429 problem+json with Retry-After past it; health is exempt', async () => {
      const app = await start({ RATE_LIMIT_READ_PER_MIN: '5' });
      await withinOneRateWindow();
      const states: (string | null)[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await get(app, '/search?q=limit');
        expect(res.status).toBe(200);
        states.push(res.headers.get('x-cache'));
      }
      expect(states).toEqual(['MISS', 'HIT', 'HIT', 'HIT', 'HIT']);
      const limited = await get(app, '/search?q=limit');
      expectTooMany(limited);
      expect(limited.headers.get('x-cache')).toBeNull();
      expectTooMany(await get(app, '/catalog/products/any'));
      expect((await get(app, '/health')).status).toBe(200);
      expect((await get(app, '/health/ready')).status).toBe(200);
      // Writes have their own budget (off here).
      expect((await post(app, { id: 'rl-1', title: 'Still writable' })).status).toBe(201);
    });

    it('shares one budget across instances (same Redis and key prefix), within one sync of the counts', async () => {
      // A sync that outlasts REDIS_TIMEOUT_MS counts as Redis away (nothing refused): generous here,
      // as other suites load the machine.
      const first = await start({ RATE_LIMIT_READ_PER_MIN: '4', REDIS_TIMEOUT_MS: '2000' });
      const second = await start({
        RATE_LIMIT_READ_PER_MIN: '4',
        REDIS_TIMEOUT_MS: '2000',
        CACHE_KEY_PREFIX: first.config.cache.keyPrefix,
        INDEX_PREFIX: first.config.elasticsearch.indexPrefix,
      });
      await withinOneRateWindow();
      // Each instance adds its counts to Redis within READ_LIMIT_SYNC_MS; near the limit it asks
      // Redis on every read. Reads sent to other instances within that interval may go over.
      for (const app of [first, second, first, second]) {
        expect((await get(app, '/search?q=shared')).status).toBe(200);
        await sleep(READ_LIMIT_SYNC_MS * 3);
      }
      expectTooMany(await get(second, '/search?q=shared'));
      expectTooMany(await get(first, '/search/suggest?q=sh'));
    });

    it('limits writes separately (all write routes share one budget); reads unaffected', async () => {
      const app = await start({ RATE_LIMIT_WRITE_PER_MIN: '2', ADMIN_API_KEY: ADMIN_KEY });
      expect((await post(app, { id: 'w-1', title: 'One' })).status).toBe(201);
      expect((await post(app, { id: 'w-2' })).status).toBe(400); // invalid writes count too
      expectTooMany(await post(app, { id: 'w-3', title: 'Three' }));
      expectTooMany(
        await probe(app.url, {
          method: 'DELETE',
          path: '/catalog/products/w-1',
          headers: { 'x-api-key': ADMIN_KEY },
        }),
      );
      expect((await get(app, '/catalog/products/w-1')).status).toBe(200);
      expect((await get(app, '/catalog/products/w-3')).status).toBe(404);
    });

    it('fails open without Redis: no 429 however many requests (a deliberate choice)', async () => {
      const app = await start({
        RATE_LIMIT_READ_PER_MIN: '1',
        RATE_LIMIT_WRITE_PER_MIN: '1',
        REDIS_URL: 'redis://127.0.0.1:1',
      });
      for (let i = 0; i < 4; i++) {
        const read = await get(app, '/search?q=open');
        expect(read.status).toBe(200);
        expect(read.headers.get('x-cache')).toBe('BYPASS');
        expect((await post(app, { id: `open-${i}`, title: 'Open' })).status).toBe(201);
      }
    });

    it('a hung Redis holds no request: the limiter gives up after REDIS_TIMEOUT_MS and lets it through', async () => {
      const redis = await PrivateRedis.start();
      try {
        const app = await start({
          RATE_LIMIT_READ_PER_MIN: '1000',
          REDIS_URL: redis.url,
          REDIS_TIMEOUT_MS: '200',
        });
        // Connected once the cache answers (the limiter uses the same connection).
        await eventually(async () => {
          expect((await get(app, '/search?q=hung')).headers.get('x-cache')).not.toBe('BYPASS');
        }, 10_000);
        redis.freeze();
        const started = Date.now();
        const res = await get(app, '/search?q=hung');
        // The limiter's call and the cache lookup each wait at most 200 ms, then Elasticsearch answers.
        expect(res.status).toBe(200);
        expect(res.headers.get('x-cache')).toBe('BYPASS');
        expect(Date.now() - started).toBeLessThan(3_000);
      } finally {
        redis.thaw();
        await redis.kill();
      }
    });

    it('with both limits at 0 sends no rate-limit headers at all', async () => {
      const app = await start({});
      const res = await post(app, { id: 'off-1', title: 'Off' });
      expect(res.status).toBe(201);
      expect([...res.headers.keys()].filter((h) => h.startsWith('x-ratelimit'))).toEqual([]);
    });
  });

  describe('headers', () => {
    it("sends the API's security headers on JSON (hits and problems too) and no X-Powered-By", async () => {
      const app = await start({});
      await get(app, '/search?q=headers');
      const hit = await get(app, '/search?q=headers');
      expect(hit.headers.get('x-cache')).toBe('HIT');
      const problem = await get(app, '/nope');
      for (const res of [hit, problem]) {
        expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('strict-transport-security')).toContain('max-age=');
        expect(res.headers.get('referrer-policy')).toBeNull();
        expect(res.headers.get('x-powered-by')).toBeNull();
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
      }
    });

    it("sends helmet's full set on an HTML page (Swagger UI)", async () => {
      const app = await start({});
      const page = await get(app, '/docs');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('cache-control')).toBe('no-store');
    });

    it('allows CORS only for the configured origins, on hits too, with preflight', async () => {
      const allowed = 'https://shop.example.com';
      const app = await start({ CORS_ORIGINS: `${allowed},http://localhost:5173` });
      const origin = { origin: allowed };
      await get(app, '/search?q=cors', origin);
      const hit = await get(app, '/search?q=cors', origin);
      expect(hit.headers.get('x-cache')).toBe('HIT');
      expect(hit.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(hit.headers.get('access-control-expose-headers')).toContain('x-cache');
      const other = await get(app, '/search?q=cors', { origin: 'https://evil.example.com' });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await probe(app.url, {
        method: 'OPTIONS',
        path: '/catalog/products',
        headers: {
          ...origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'x-api-key',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
    });
  });

  describe('secrets', () => {
    let redis: ChildProcess | undefined;
    afterAll(() => {
      redis?.kill('SIGKILL');
    });

    it('connects to a password-protected Redis through the URL and never logs a secret', async () => {
      const redisPassword = 'e2e-redis-secret-9f8e7d';
      const port = await freePort();
      redis = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--requirepass',
          redisPassword,
        ],
        { stdio: 'ignore' },
      );
      const config = testConfig();
      const esPassword = 'e2e-es-password-1a2b3c';
      const api = await startApiProcess(config, {
        REDIS_URL: `redis://:${redisPassword}@127.0.0.1:${port}`,
        ADMIN_API_KEY: ADMIN_KEY,
        ELASTICSEARCH_USERNAME: 'e2e-user',
        ELASTICSEARCH_PASSWORD: esPassword,
        LOG_LEVEL: 'trace',
      });
      try {
        await eventually(async () => {
          const ready = await fetch(`${api.url}/health/ready`);
          const body = (await ready.json()) as { details?: { redis?: { status?: string } } };
          expect(body.details?.redis?.status).toBe('up');
        }, 30_000);
        const headers = {
          'x-api-key': ADMIN_KEY,
          authorization: 'Bearer e2e-bearer-token',
          cookie: 'sid=e2e-cookie',
        };
        await fetch(`${api.url}/cache/stats`, { headers });
        await fetch(`${api.url}/catalog/products/nope`, { method: 'DELETE', headers });
        await fetch(`${api.url}/search?q=secrets`, { headers });
        // The Redis cache works through the password-protected connection.
        await eventually(async () => {
          await fetch(`${api.url}/search?q=secrets`);
          expect((await fetch(`${api.url}/search?q=secrets`)).headers.get('x-cache')).toBe('HIT');
        }, 10_000);
      } finally {
        await api.stop();
        await dropTestData(config);
      }
      const logs = JSON.stringify(api.logs());
      expect(logs.length).toBeGreaterThan(1_000);
      for (const secret of [ADMIN_KEY, redisPassword, esPassword, 'e2e-bearer-token', 'e2e-cookie']) {
        expect(logs).not.toContain(secret);
      }
    });
  });
});
