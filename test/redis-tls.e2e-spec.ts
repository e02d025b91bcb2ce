import { randomBytes } from 'node:crypto';
import type { AppConfig } from '@app/config';
import { PRODUCTS } from './search-fixture';
import { type ApiProcess, startApiProcess } from './support/api-process';
import { dropTestData } from './support/cleanup';
import { eventually } from './support/es';
import { getRaw, json } from './support/http';
import { PrivateRedis } from './support/private-redis';
import { seedProducts } from './support/seed';
import { testConfig } from './support/test-config';

interface Readiness {
  details?: { elasticsearch?: { status?: string }; redis?: { status?: string; message?: string } };
}

/**
 * A managed Redis as deployments meet it: TLS only, a password, a certificate from a private CA.
 * The compiled API connects with REDIS_URL=rediss://default:<password>@host:port and
 * REDIS_TLS_CA_FILE; without the CA it must not connect, and must still serve.
 */
describe('Redis over TLS with a password and a private CA (compiled API)', () => {
  const password = `e2e-tls-${randomBytes(8).toString('hex')}`;
  let redis: PrivateRedis;
  const stops: (() => Promise<void>)[] = [];

  /** The API on its own test prefixes, seeded, with these Redis settings. */
  const start = async (
    env: Record<string, string>,
    config: AppConfig = testConfig(),
  ): Promise<ApiProcess> => {
    const api = await startApiProcess(config, env);
    stops.push(async () => {
      await api.stop();
      await dropTestData(config);
    });
    await seedProducts(config, PRODUCTS);
    return api;
  };
  const readiness = async (api: ApiProcess): Promise<{ status: number; body: Readiness }> => {
    const res = await getRaw(`${api.url}/health/ready`);
    return { status: res.status, body: json<Readiness>(res) };
  };
  const expectNoSecretLogged = (api: ApiProcess): void => {
    const logs = JSON.stringify(api.logs());
    expect(logs.length).toBeGreaterThan(100);
    expect(logs).not.toContain(password);
  };

  beforeAll(async () => {
    redis = await PrivateRedis.start({ tls: true, password });
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await redis?.dispose();
  });

  it('caches through rediss:// + password + REDIS_TLS_CA_FILE: MISS, then HIT, the key in that Redis', async () => {
    const config = testConfig();
    const api = await start({ REDIS_URL: redis.url, REDIS_TLS_CA_FILE: redis.caFile }, config);
    await eventually(async () => expect((await readiness(api)).status).toBe(200), 30_000);

    const miss = await getRaw(`${api.url}/search?q=headphones`);
    const hit = await getRaw(`${api.url}/search?q=headphones`);
    expect([miss.status, miss.cache]).toEqual([200, 'MISS']);
    expect([hit.status, hit.cache]).toEqual([200, 'HIT']);
    expect(hit.body.equals(miss.body)).toBe(true);

    // Read back over TLS by a client of the spec's own: the entry is in this Redis, with a TTL.
    const client = await redis.client();
    try {
      const keys: string[] = [];
      for await (const batch of client.scanIterator({ MATCH: `${config.cache.keyPrefix}:search:*` }))
        keys.push(...batch);
      expect(keys).toHaveLength(1);
      expect(await client.pTTL(keys[0])).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
    expect(await readiness(api)).toMatchObject({
      status: 200,
      body: { details: { elasticsearch: { status: 'up' }, redis: { status: 'up' } } },
    });
    expectNoSecretLogged(api);
  });

  it('without the CA the handshake fails: readiness 503 names Redis, search still 200 BYPASS', async () => {
    const api = await start({ REDIS_URL: redis.url });
    // The failed handshake, logged once (and not the password).
    const warning = await eventually(async () => {
      const line = api.logs().find((l) => l.msg === 'redis unavailable');
      expect(line?.err).toMatch(/certificate/i);
      return Promise.resolve(line);
    }, 30_000);
    expect(warning?.level).toBe(40);

    const ready = await readiness(api);
    expect(ready.status).toBe(503);
    expect(ready.body.details).toMatchObject({ elasticsearch: { status: 'up' }, redis: { status: 'down' } });
    for (let i = 0; i < 3; i++) {
      const res = await getRaw(`${api.url}/search?q=headphones`);
      expect([res.status, res.cache]).toEqual([200, 'BYPASS']);
    }
    expectNoSecretLogged(api);
  });
});
