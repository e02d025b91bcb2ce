/**
 * `npm run soak -- --minutes 10`: two API instances on the 3-node Elasticsearch cluster
 * (stack/cluster.sh) and a Redis topology, Zipf reads over the bench's query mix and a stream of
 * product writes, while faults come on a schedule: the Elasticsearch node holding the primary is
 * killed and later restarted, then the Redis master (skipped on standalone Redis). Prints one line
 * per minute (req/s, p99, 5xx, hit ratio, writes, RSS of each instance) and writes
 * bench/results/soak-<date>.json.
 *
 * usage: npm run soak -- [--minutes 10] [--docs 20000] [--connections 8] [--write-rate 5]
 *          [--redis standalone|sentinel|cluster] [--port 3950] [--no-build] [--no-faults]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@keyv/redis';
import { cacheStates, warm } from './lib/api-cache';
import { API_MAIN, CLI_MAIN } from './lib/api-process';
import { LoadClient } from './lib/load-client';
import { rssMbOf, run, runTool, startNode, stopAll, waitForHttp } from './lib/processes';
import { CLIENT_HEADERS, queryMix } from './lib/queries';
import { parseSoakArgs } from './lib/soak-args';
import { startSoakWriter } from './lib/soak-writer';
import {
  CLUSTER_ES_NODES,
  elasticsearchNodeFault,
  type Fault,
  redisEnv,
  redisMasterFault,
  stackUp,
  unsupportedRedisVariables,
} from './lib/soak-faults';
import {
  faultSchedule,
  hitRatioBetween,
  minuteLine,
  type SoakEvent,
  type SoakMinute,
  soakVerdict,
} from './lib/soak-report';

const ROOT = resolve(__dirname, '..');
const ADMIN_KEY = 'soak-admin-key-0123456789';
const PREFIX = 'soak';
const ZIPF_EXPONENT = 1;
const INSTANCES = 2;

const say = (text: string): void => console.log(`[soak] ${text}`);

interface Instance {
  origin: string;
  pid: number;
  load: LoadClient;
}

async function main(): Promise<void> {
  const options = parseSoakArgs(process.argv.slice(2));
  const startedAt = new Date();
  const standaloneUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const missing = unsupportedRedisVariables(ROOT, options.redis);
  if (missing.length > 0) {
    throw new Error(
      `--redis ${options.redis} needs ${missing.join(', ')}, which this build does not support yet`,
    );
  }

  say('engines: 3-node Elasticsearch cluster (idempotent up)');
  await stackUp(ROOT, 'es');
  if (options.redis !== 'standalone')
    await stackUp(ROOT, options.redis === 'sentinel' ? 'sentinel' : 'redis-cluster');
  if (options.build) {
    say('build');
    await run('npm', ['run', '-s', 'build'], process.env, false);
  }
  const cacheKeyPrefix = `${PREFIX}-${startedAt.getTime()}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    ELASTICSEARCH_NODE: CLUSTER_ES_NODES.join(','),
    ...redisEnv(options.redis, standaloneUrl),
    INDEX_PREFIX: PREFIX,
    CACHE_KEY_PREFIX: cacheKeyPrefix,
    RATE_LIMIT_READ_PER_MIN: '0',
    RATE_LIMIT_WRITE_PER_MIN: '0',
    ADMIN_API_KEY: ADMIN_KEY,
  };
  await ensureSeeded(options.docs, env);

  const durationS = options.minutes * 60;
  const events: SoakEvent[] = [];
  // The clock starts with the load (after boot and warm-up): fault times and windows count from there.
  let t0 = performance.now();
  const now = () => (performance.now() - t0) / 1000;
  const note = (what: string): void => {
    events.push({ atS: Math.round(now()), what });
    say(`${formatClock(now())} ${what}`);
  };

  const instances: Instance[] = [];
  const minutes: SoakMinute[] = [];
  let baselineRssMb: number[] = [];
  const pendingFaults: Promise<void>[] = [];
  const faults: Fault[] = [];
  try {
    mkdirSync(join(ROOT, 'bench', '.work'), { recursive: true });
    say('API logs (warnings and errors): bench/.work/soak-api-<n>.log');
    for (let i = 0; i < INSTANCES; i++) {
      const port = options.basePort + 1 + i;
      const log = join(ROOT, 'bench', '.work', `soak-api-${i + 1}.log`);
      const child = startNode(`api ${i + 1}`, API_MAIN, [], { ...env, PORT: String(port) }, [], log);
      const origin = `http://127.0.0.1:${port}`;
      await waitForHttp(`${origin}/health`, child);
      instances.push({ origin, pid: child.pid ?? 0, load: LoadClient.start(process.env) });
    }
    const paths = queryMix(1_000);
    say(`warming ${paths.length} queries on each instance`);
    for (const instance of instances) await warm(instance.origin, paths);
    baselineRssMb = instances.map((i) => rssMbOf(i.pid));
    t0 = performance.now();

    if (options.faults) {
      faults.push(elasticsearchNodeFault(ROOT, `${PREFIX}-products`));
      const redisFault = redisMasterFault(ROOT, options.redis);
      if ('skipped' in redisFault) note(redisFault.skipped);
      else faults.push(redisFault);
    } else note('faults off (--no-faults)');
    for (const fault of faultSchedule(
      durationS,
      faults.map((f) => f.name),
    )) {
      const f = faults.find((candidate) => candidate.name === fault.name) as Fault;
      pendingFaults.push(
        (async () => {
          await sleep(fault.injectAtS * 1000);
          note(await f.inject());
          await sleep((fault.repairAtS - fault.injectAtS) * 1000);
          note(`restarting the ${f.name}`);
          note(await f.repair());
        })().catch((error: unknown) => note(`fault ${fault.name} failed: ${String(error)}`)),
      );
    }

    const writer = startSoakWriter(
      instances.map((i) => i.origin),
      { docs: options.docs, writeRate: options.writeRate, adminKey: ADMIN_KEY },
    );
    say(
      `${options.minutes} min: ${INSTANCES} instances × ${options.connections} connections of Zipf reads, ` +
        `${options.writeRate} writes/s, Redis ${options.redis}, load average ${loadavg()[0].toFixed(1)}`,
    );
    for (let minute = 1; minute <= options.minutes; minute++) {
      const eventsBefore = events.length;
      const states0 = await Promise.all(instances.map((i) => cacheStates(i.origin)));
      const windowS = Math.max(1, Math.min(60, durationS - now()));
      const results = await Promise.all(
        instances.map((instance) =>
          instance.load.cannon({
            origin: instance.origin,
            paths,
            connections: options.connections,
            durationS: windowS,
            zipfExponent: ZIPF_EXPONENT,
            headers: CLIENT_HEADERS,
          }),
        ),
      );
      const states1 = await Promise.all(instances.map((i) => cacheStates(i.origin)));
      const merged = (list: Record<string, number>[]) =>
        list.reduce<Record<string, number>>((acc, s) => {
          for (const [k, v] of Object.entries(s)) acc[k] = (acc[k] ?? 0) + v;
          return acc;
        }, {});
      const fiveXxByStatus: Record<string, number> = {};
      for (const r of results) {
        for (const [status, count] of Object.entries(r.statuses)) {
          if (Number(status) >= 500) fiveXxByStatus[status] = (fiveXxByStatus[status] ?? 0) + count;
        }
      }
      const fiveXx = Object.values(fiveXxByStatus).reduce((a, b) => a + b, 0);
      const row: SoakMinute = {
        minute,
        reqPerS: results.reduce((total, r) => total + r.reqPerSec, 0),
        p99Ms: results.map((r) => r.latency.p99),
        fiveXx,
        fiveXxByStatus,
        otherFailures: results.reduce((total, r) => total + r.non2xx + r.errors, 0) - fiveXx,
        hitRatio: hitRatioBetween(merged(states0), merged(states1)),
        writes: writer.takeMinute(),
        rssMb: instances.map((i) => rssMbOf(i.pid)),
        events: events.slice(eventsBefore).map((e) => `${formatClock(e.atS)} ${e.what}`),
      };
      minutes.push(row);
      console.log(minuteLine(row));
    }
    await writer.stop();
    say('waiting for the scheduled repairs (the stack must be whole again)');
    await Promise.all(pendingFaults);
  } finally {
    await stopAll();
    // Whatever happened, leave the cluster with its 3 nodes.
    if (options.faults)
      await stackUp(ROOT, 'es').catch((error: unknown) => say(`restore failed: ${String(error)}`));
    if (options.redis === 'standalone') await dropCacheKeys(standaloneUrl, cacheKeyPrefix);
  }

  const verdict = soakVerdict(minutes);
  const stamp = startedAt.toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
  const result = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options,
    machine: { cpus: cpus().length, loadAverageEnd: loadavg() },
    topology: { elasticsearch: CLUSTER_ES_NODES, redis: options.redis, instances: INSTANCES },
    baselineRssMb,
    events,
    minutes,
    verdict,
  };
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `soak-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  for (const v of verdict) say(`${v.pass ? 'PASS' : 'FAIL'} ${v.target}: ${v.measured}`);
  say(
    `wrote bench/results/soak-${stamp}.json (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
}

/** The generated catalog in the soak's index on the cluster (seeded once, reused while complete). */
async function ensureSeeded(docs: number, env: NodeJS.ProcessEnv): Promise<void> {
  const res = await fetch(`${CLUSTER_ES_NODES[0]}/${PREFIX}-products/_count`).catch(() => undefined);
  const count = res?.ok ? ((await res.json()) as { count: number }).count : -1;
  if (count === docs) return say(`reusing ${PREFIX}-products (${count} docs)`);
  say(`seeding ${docs} generated products into ${PREFIX}-products on the cluster`);
  await run(
    process.execPath,
    [CLI_MAIN, 'seed', '--generate', String(docs), '--seed', '42', '--recreate'],
    env,
    false,
  );
}

/** The run's cache keys on the shared standalone Redis (its own prefix: nothing else is touched). */
async function dropCacheKeys(url: string, prefix: string): Promise<void> {
  const redis = createClient({ url });
  await redis.connect();
  try {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}:*`, COUNT: 500 })) {
      if (keys.length > 0) await redis.del(keys);
    }
  } finally {
    await redis.close();
  }
}

function formatClock(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

runTool(main, (error) => `[soak] ${error instanceof Error ? error.message : String(error)}`);
