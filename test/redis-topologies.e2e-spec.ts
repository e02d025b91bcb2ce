import { type AppConfig } from '@app/config';
import { PRODUCTS } from './search-fixture';
import { startApiProcess, type ApiProcess } from './support/api-process';
import { dropTestData } from './support/cleanup';
import { eventually } from './support/es';
import { getRaw, json, send } from './support/http';
import {
  clusterMasters,
  clusterStackUp,
  dropKeys,
  killNode,
  sentinelLogs,
  sentinelMaster,
  type Topology,
  TOPOLOGY_ENV,
  withNode,
  CLUSTER_PORTS,
} from './support/redis-topology';
import { seedProducts } from './support/seed';
import { testConfig } from './support/test-config';

const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';
const admin = { 'x-api-key': ADMIN_KEY };
/** Cached routes spread over many hash slots (every master of the Cluster holds some). */
const PATHS = [
  ...['p01', 'p05', 'p08', 'p11', 'p12', 'p15', 'p18', 'p20', 'p22', 'p25', 'p27', 'p30'].map(
    (id) => `/catalog/products/${id}`,
  ),
  ...['laptop', 'headphones', 'coffee', 'phone', 'book'].map((q) => `/search?q=${q}`),
  '/search/suggest?q=moka',
];
const RECOVERY_BOUND_MS = 10_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  atMs: number;
  status: number;
  cache: string | null;
}

/**
 * Issue 11 on Redis Cluster and on Sentinel (`stack/cluster.sh up redis-cluster sentinel`): the
 * compiled API on each topology answers hits, retires what a write changes on every instance
 * (Redis keys, and the push to an in-process tier), counts rate limits there — and when a master
 * is killed under read load, answers every request (BYPASS while the client fails over, never a
 * 5xx) and serves hits again within 10 s, from the promoted replica; its log says the connection
 * went away and came back.
 */
describe.each<Topology>(['cluster', 'sentinel'])('Redis %s', (topology) => {
  let config: AppConfig;
  /** No in-process tier: its hits come from Redis. */
  let a: ApiProcess;
  /** In-process tier that only a push can retire before its 60 s bound. */
  let b: ApiProcess;

  beforeAll(async () => {
    await (topology === 'cluster' ? clusterMasters() : sentinelMaster()).catch((error: unknown) => {
      throw new Error(`${String(error)}: run bash stack/cluster.sh up redis-cluster sentinel`);
    });
    config = testConfig({ ADMIN_API_KEY: ADMIN_KEY });
    // Rate limits on, far above the load: every request runs the limiter on this topology too.
    const env = {
      ...TOPOLOGY_ENV[topology],
      ADMIN_API_KEY: ADMIN_KEY,
      RATE_LIMIT_READ_PER_MIN: '1000000',
      RATE_LIMIT_WRITE_PER_MIN: '10000',
      // The shared Elasticsearch is slow on a loaded machine: a timeout here is not what is tested.
      ELASTICSEARCH_TIMEOUT_MS: '30000',
    };
    // A answers from Redis only (the recovery check reads its answers); B has the L1.
    a = await startApiProcess(config, { ...env, CACHE_L1_MAX_BYTES: '0' });
    b = await startApiProcess(config, {
      ...env,
      CACHE_L1_MAX_BYTES: '10000000',
      CACHE_L1_MAX_AGE_MS: '60000',
    });
    await seedProducts(config, PRODUCTS);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await dropKeys(topology, config.cache.keyPrefix).catch(() => undefined);
    await dropTestData(config);
  });

  it('answers hits, and a write retires what shows the product on both instances; other products stay HITs', async () => {
    for (const app of [a, b]) {
      for (const path of ['/catalog/products/p17', '/catalog/products/p15', '/search?q=coffee']) {
        await getRaw(`${app.url}${path}`);
        expect((await getRaw(`${app.url}${path}`)).cache).toBe('HIT');
      }
    }
    const patched = await send('PATCH', `${a.url}/catalog/products/p17`, { stock: 7 }, admin);
    expect(patched.status).toBe(200);
    for (const app of [a, b]) {
      const product = await getRaw(`${app.url}/catalog/products/p17`);
      expect({
        app: app === a ? 'a' : 'b',
        cache: product.cache,
        stock: json<{ stock: number }>(product).stock,
      }).toEqual({
        app: app === a ? 'a' : 'b',
        cache: product.cache,
        stock: 7,
      });
      const search = json<{ hits: { id: string; stock: number }[] }>(
        await getRaw(`${app.url}/search?q=coffee`),
      );
      expect(search.hits).toContainEqual(expect.objectContaining({ id: 'p17', stock: 7 }));
      expect((await getRaw(`${app.url}/catalog/products/p15`)).cache).toBe('HIT');
    }
  });

  it('a product going out of stock retires, on both instances, the availability listing that lists (not shows) it; others stay HITs', async () => {
    // "laptop" is in p22's description; size 1 shows another product.
    const lists = '/search?q=laptop&inStock=true&size=1';
    const other = '/search?q=headphones&inStock=true';
    const total = async (app: ApiProcess): Promise<number> =>
      json<{ total: { value: number } }>(await getRaw(`${app.url}${lists}`)).total.value;
    for (const app of [a, b]) {
      for (const path of [lists, other]) {
        await getRaw(`${app.url}${path}`);
        expect((await getRaw(`${app.url}${path}`)).cache).toBe('HIT');
      }
    }
    const before = await total(a);
    expect((await send('PATCH', `${a.url}/catalog/products/p22`, { stock: 0 }, admin)).status).toBe(200);
    for (const app of [a, b]) {
      await eventually(async () => expect(await total(app)).toBe(before - 1), 1_000);
      expect((await getRaw(`${app.url}${other}`)).cache).toBe('HIT');
    }
  });

  it('keeps the rate-limit counters in this topology', async () => {
    const masters = topology === 'cluster' ? await clusterMasters() : [await sentinelMaster()];
    let counters = 0;
    for (const port of masters) {
      await withNode(port, async (node) => {
        for await (const keys of node.scanIterator({ MATCH: `${config.cache.keyPrefix}:ratelimit:*` })) {
          counters += keys.length;
        }
      });
    }
    expect(counters).toBeGreaterThan(0);
  });

  it('a master killed under read load: no 5xx, the replica promoted, hits again within 10 s', async () => {
    for (const app of [a, b]) for (const path of PATHS) await getRaw(`${app.url}${path}`);
    const before = topology === 'cluster' ? await clusterMasters() : [await sentinelMaster()];
    const victim = before[0];
    const answers: { a: Answer[]; b: Answer[] } = { a: [], b: [] };
    let loading = true;
    const worker = async (app: ApiProcess, into: Answer[], offset: number): Promise<void> => {
      for (let i = offset; loading; i++) {
        const path = PATHS[i % PATHS.length];
        try {
          const res = await getRaw(`${app.url}${path}`);
          into.push({ atMs: Date.now(), status: res.status, cache: res.cache });
        } catch {
          into.push({ atMs: Date.now(), status: 0, cache: null });
        }
      }
    };
    const workers = [0, 1, 2].flatMap((w) => [worker(a, answers.a, w * 5), worker(b, answers.b, w * 5)]);
    let killedAtMs = 0;
    let recoveredAtMs: number | undefined;
    // What each sentinel logs after the kill (its election and promotion) goes with the figures.
    const logMark = (await sentinelLogs()).map((lines) => lines.length);
    try {
      await sleep(1_000);
      killedAtMs = Date.now();
      await killNode(victim);
      // Recovered: from some moment on, a full second of A's answers (Redis, no L1) are HITs.
      const deadline = killedAtMs + RECOVERY_BOUND_MS + 5_000;
      while (Date.now() < deadline && recoveredAtMs === undefined) {
        await sleep(250);
        const after = answers.a.filter((x) => x.atMs > killedAtMs);
        for (let i = 0; i < after.length; i++) {
          const window = after.filter((x) => x.atMs >= after[i].atMs && x.atMs <= after[i].atMs + 1_000);
          const complete = after[after.length - 1].atMs >= after[i].atMs + 1_000;
          if (complete && window.length >= 10 && window.every((x) => x.cache === 'HIT')) {
            recoveredAtMs = after[i].atMs;
            break;
          }
        }
      }
    } finally {
      loading = false;
      await Promise.all(workers);
    }
    const all = [...answers.a, ...answers.b];
    const during = answers.a.filter((x) => x.atMs > killedAtMs);
    const summary = {
      answers: all.length,
      failed: all.filter((x) => x.status === 0 || x.status >= 500).length,
      bypassedAfterKill: during.filter((x) => x.cache === 'BYPASS').length,
      recoveredAfterMs: recoveredAtMs === undefined ? undefined : recoveredAtMs - killedAtMs,
    };
    // A's answers per second after the kill, by cache status: where a slow recovery spent its time.
    const perSecond: Record<number, Record<string, number>> = {};
    for (const x of during) {
      const second = (perSecond[Math.floor((x.atMs - killedAtMs) / 1_000)] ??= {});
      const status = x.cache ?? String(x.status);
      second[status] = (second[status] ?? 0) + 1;
    }
    const failover =
      topology === 'sentinel'
        ? (await sentinelLogs()).flatMap((lines, i) =>
            lines
              .slice(logMark[i])
              .filter((line) => /[+-](odown|try-failover|elected|abort|switch)|delay/.test(line)),
          )
        : [];
    console.log(
      `redis ${topology}: killed ${victim}`,
      summary,
      JSON.stringify(perSecond),
      failover.join('\n'),
    );
    expect(summary.failed).toBe(0);
    expect(all.length).toBeGreaterThan(100);
    expect(summary.recoveredAfterMs).toBeDefined();
    expect(summary.recoveredAfterMs).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
    // The operator reads it in the logs too: the connection went away (a line per distinct error),
    // then came back, once.
    const connection = a
      .logs()
      .filter((l) => l.context === 'RedisConnection' && (l.time as number) > killedAtMs)
      .map((l) => l.msg);
    expect(connection.join(' | ')).toMatch(/^(redis unavailable \| )+redis connection restored$/);
    // The replica was promoted: the killed node is no longer a master, and every slot has one.
    const after = topology === 'cluster' ? await clusterMasters() : [await sentinelMaster()];
    expect(after).not.toContain(victim);
    expect(after).toHaveLength(before.length);
  }, 60_000);

  afterAll(async () => {
    // Whole again for whatever runs next: the killed node restarts and rejoins as a replica.
    await clusterStackUp(topology === 'cluster' ? 'redis-cluster' : 'sentinel');
    if (topology === 'cluster') {
      for (let i = 0; i < 100; i++) {
        const ok = await withNode(CLUSTER_PORTS[0], (c) => c.clusterInfo()).catch(() => '');
        if (String(ok).includes('cluster_state:ok')) break;
        await sleep(100);
      }
    }
  }, 90_000);
});
