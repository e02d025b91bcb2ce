/**
 * `npm run bench`: brings the stack up, builds, seeds a generated catalog into a bench prefix,
 * starts the API (compiled, production, LOG_LEVEL=warn) and the baselines as child processes,
 * drives them from a separate load-generator process, and writes bench/results/<date>.json plus
 * a markdown summary. See bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@keyv/redis';
import { loadConfig } from '@app/config';
import { API_MAIN, apiNodeFlags, benchApiEnv, CLI_MAIN } from './lib/api-process';
import { parseArgs, type BenchOptions } from './lib/args';
import { writeCharts } from './lib/charts';
import { LoadClient } from './lib/load-client';
import { machineInfo } from './lib/machine';
import {
  cpuMsOf,
  machineCpuMs,
  rssMbOf,
  run,
  startNode,
  stop,
  runTool,
  stopAll,
  TS_NODE,
  waitForHttp,
} from './lib/processes';
import { queryTotal } from './lib/es-stats';
import { cacheStates } from './lib/api-cache';
import { CLIENT_HEADERS, coldPath, HOT_PATH, queryMix } from './lib/queries';
import { evaluateTargets, markdownSummary } from './lib/report';
import type { BenchResults, LoadRound, TargetResult } from './lib/results';
import { median, ratio, summarize } from './lib/stats';
import { pushDelayScenario } from './scenarios/push-delay';
import { type RunningApi, type WriteMode, writeStreamScenario } from './scenarios/write-stream';

const ROOT = resolve(__dirname, '..');
const WORK = join(ROOT, 'bench', '.work');
const CORES = 2;

interface Target {
  key: string;
  label: string;
  origin: string;
  /** The process serving now (a new one after each `restart`). */
  pid: number;
  /** Stops the process and starts a new one of the same kind, answering (the API's: `paths` fetched once). */
  restart(paths: readonly string[]): Promise<void>;
  /** Our API: counts its responses by cache outcome (so a round can tell it served only hits). */
  countsOutcomes: boolean;
}

/** A server process the bench started: how to stop it. */
interface Running {
  pid: number;
  stop(): Promise<void>;
}

interface Context {
  options: BenchOptions;
  env: NodeJS.ProcessEnv;
  esNode: string;
  redisUrl: string;
  alias: string;
  results: BenchResults;
  redisPid?: number;
}

/** Writes need an admin key in production mode; the bench's processes are local and short-lived. */
const ADMIN_KEY = 'bench-admin-key-0123456789';

/** The schema's maximum: the limiter counts every hit but never refuses the bench. */
const READ_LIMIT_ON = 100_000_000;

const say = (text: string): void => console.log(`\n[bench] ${text}`);

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  mkdirSync(WORK, { recursive: true });
  const esNode = process.env.ELASTICSEARCH_NODE ?? 'http://127.0.0.1:9200';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const env: NodeJS.ProcessEnv = {
    ...benchApiEnv(process.env, options.prefix),
    ELASTICSEARCH_NODE: esNode,
    REDIS_URL: redisUrl,
    ADMIN_API_KEY: ADMIN_KEY,
  };
  const ctx: Context = {
    options,
    env,
    esNode,
    redisUrl,
    alias: `${options.prefix}-products`,
    results: {
      startedAt: new Date().toISOString(),
      options: { ...options, only: [...options.only] },
      machine: {},
      hits: {},
      stampede: [],
      rssMb: {},
      targets: [],
    },
  };

  if (await servicesAnswer(esNode, redisUrl)) {
    say(`using the Elasticsearch and Redis already answering at ${esNode} and ${redisUrl}`);
  } else {
    say('stack up (idempotent; the shared stack is never stopped by the bench)');
    await run('bash', [join(ROOT, 'stack', 'stack.sh'), 'up'], process.env);
  }
  if (options.build) {
    say('build');
    await run('npm', ['run', '-s', 'build'], process.env, false);
  }
  ctx.results.machine = await machineInfo(esNode, redisUrl);
  ctx.redisPid = ctx.results.machine.redisPid as number | undefined;

  try {
    if (options.bulk) await bulkScenario(ctx);
    else await ensureSeeded(ctx);
    if ((['hits', 'miss', 'stampede'] as const).some((name) => options.only.has(name)))
      await serveScenarios(ctx);
    if (options.only.has('write-stream')) await writeStream(ctx);
    if (options.only.has('push')) await pushDelay(ctx);
  } finally {
    say('stopping what the bench started');
    await stopAll();
  }
  ctx.results.finishedAt = new Date().toISOString();
  ctx.results.machine.loadAverageEnd = (await import('node:os')).loadavg();
  ctx.results.targets = evaluateTargets(ctx.results);
  const stamp = ctx.results.startedAt.replace(/[:]/g, '-').replace(/\..*$/, '');
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const markdown = markdownSummary(ctx.results);
  writeFileSync(join(dir, `${stamp}.json`), `${JSON.stringify(ctx.results, null, 2)}\n`);
  writeFileSync(join(dir, `${stamp}.md`), markdown);
  console.log(`\n${markdown}`);
  const charts = writeCharts(join(dir, `${stamp}.json`), ctx.results);
  console.log(`[bench] wrote bench/results/${stamp}.json, .md and ${charts.length} SVG charts`);
}

// ------------------------------------------------------------------------------------------ bulk

async function bulkScenario(ctx: Context): Promise<void> {
  const { options } = ctx;
  const rounds: NonNullable<BenchResults['bulk']>['rounds'] = [];
  for (let round = 1; round <= options.bulkRounds; round++) {
    say(`bulk round ${round}/${options.bulkRounds}: raw _bulk loop, ${options.docs} docs`);
    const rawOut = await run(
      process.execPath,
      [
        ...TS_NODE,
        join(ROOT, 'bench', 'scenarios', 'raw-bulk.ts'),
        ...['--node', ctx.esNode, '--index', `${options.prefix}-rawbulk`, '--docs', String(options.docs)],
        ...['--batch', String(options.batch), '--concurrency', String(options.concurrency), '--seed', '42'],
      ],
      ctx.env,
    );
    const raw = JSON.parse(rawOut.trim().split('\n').pop() ?? '{}') as { docsPerS: number; count: number };
    if (raw.count !== options.docs) throw new Error(`raw bulk indexed ${raw.count} of ${options.docs}`);
    say(`bulk round ${round}/${options.bulkRounds}: seed command`);
    const seedLine = await seed(ctx);
    rounds.push({ rawDocsPerS: raw.docsPerS, seedDocsPerS: seedRate(seedLine), seedLine });
  }
  const rawDocsPerS = median(rounds.map((r) => r.rawDocsPerS));
  const seedDocsPerS = median(rounds.map((r) => r.seedDocsPerS));
  ctx.results.bulk = { rounds, rawDocsPerS, seedDocsPerS, ratio: ratio(seedDocsPerS, rawDocsPerS) };
}

async function seed(ctx: Context): Promise<string> {
  const { options } = ctx;
  const out = await run(
    process.execPath,
    [
      CLI_MAIN,
      ...['seed', '--generate', String(options.docs), '--seed', '42', '--recreate'],
      ...['--batch', String(options.batch), '--concurrency', String(options.concurrency)],
    ],
    ctx.env,
  );
  const line = out.split('\n').find((l) => l.startsWith('seeded '));
  if (!line || !line.includes('✓')) throw new Error(`the seed command did not reconcile: ${out}`);
  return line;
}

function seedRate(line: string): number {
  const match = /seeded (\d+) docs in ([\d.]+) s/.exec(line);
  if (!match) throw new Error(`unexpected seed output: ${line}`);
  return Number(match[1]) / Number(match[2]);
}

async function ensureSeeded(ctx: Context): Promise<void> {
  const res = await fetch(`${ctx.esNode}/${ctx.alias}/_count`);
  const count = res.ok ? ((await res.json()) as { count: number }).count : -1;
  if (count === ctx.options.docs) return;
  say(`seeding ${ctx.options.docs} docs (index holds ${count})`);
  await seed(ctx);
}

// ------------------------------------------------------------------------------ served scenarios

async function serveScenarios(ctx: Context): Promise<void> {
  const { options, env } = ctx;
  const port = options.basePort;
  // The default configuration: read limit on (set high enough never to refuse the bench's single
  // client, so every hit is counted in process and synced in batches) and the L1 at its default.
  // The targets are read off this process; the two variants below change one thing each.
  const readLimitOn = { RATE_LIMIT_READ_PER_MIN: String(READ_LIMIT_ON) };
  const defaults = { ...env, ...readLimitOn };
  const nodeArgs = apiNodeFlags(options.profile);
  ctx.results.machine.apiNodeFlags = nodeArgs;
  ctx.results.machine.apiL1MaxBytes = loadConfig(defaults).cache.l1.maxBytes;
  say(`starting the API (compiled, NODE_ENV=production, LOG_LEVEL=warn, node ${nodeArgs.join(' ')}) and (g)`);
  const stockStarting = served('stock', '(g) Nest/Fastify + stock CacheInterceptor', port + 1, () =>
    startScript(ctx, 'stock', 'stock-app.ts', port + 1, [], '/search?size=1'),
  );
  // Awaited below, once ours are up; until then a failure to start must not go unhandled.
  stockStarting.catch(() => undefined);
  const ours = (key: string, label: string, at: number, changes: Record<string, string>) =>
    served(
      key,
      label,
      at,
      () => startApi(ctx, `api-${key}`, at, { ...readLimitOn, ...changes }, nodeArgs),
      true,
    );
  const api = await ours(
    'ours',
    `ours, default config (read limit on: ${READ_LIMIT_ON.toLocaleString('en-US')}/min; L1 at its default)`,
    port,
    {},
  );
  const apiL2 = await ours('oursL2', 'ours, L1 off (every hit from Redis)', port + 4, {
    CACHE_L1_MAX_BYTES: '0',
  });
  const apiUnlimited = await ours('oursUnlimited', 'ours, read limit off', port + 8, {
    RATE_LIMIT_READ_PER_MIN: '0',
  });
  const stock = await stockStarting;
  ctx.results.rssMb.apiAfterBoot = rssMbOf(api.pid);

  const mix = queryMix(options.queries);
  // Filled now, whatever an earlier run left: entries filled within the TTL before this run would
  // expire during it, and their refills would count as hits (onlyHits in the report tells).
  await bumpGeneration(ctx);
  await dropKeys(ctx, `${options.prefix}:kv:*`);
  say(`warming ${mix.length} distinct queries + the hot one (filled by an API of its own) and (g)`);
  // The fills run in a process of their own that then exits: a process that served them keeps a
  // larger old generation for a while, which would handicap whichever measured process did.
  const warmer = await startApi(ctx, 'api-warmer', port + 9, {});
  const bodies = await warm(warmer.origin, [...mix, HOT_PATH], true);
  await warmer.stop();
  await warm(stock.origin, [...mix, HOT_PATH], false);
  const bodiesFile = join(WORK, 'bodies.json');
  writeFileSync(bodiesFile, JSON.stringify(Object.fromEntries(bodies)));

  say('starting baselines (a) raw node:http and (h) raw node:http + Redis GET');
  const rawArgs = [
    '--bodies',
    bodiesFile,
    '--redis-url',
    ctx.redisUrl,
    '--key-prefix',
    options.prefix,
    '--gzip',
  ];
  const raw = (mode: string, at: number) => () =>
    startScript(
      ctx,
      `raw-${mode}`,
      'raw-http.ts',
      at,
      ['--mode', mode, '--port', String(at), ...rawArgs],
      HOT_PATH,
    );
  const rawStatic = await served('a', '(a) raw node:http, body in memory', port + 2, raw('static', port + 2));
  const rawRedis = await served('h', '(h) raw node:http + 1 Redis GET', port + 3, raw('redis', port + 3));

  const load = LoadClient.start(env);
  // Same Redis and key prefix as the warmer: every request is a hit.
  for (const warmed of [api, apiL2, apiUnlimited]) await warm(warmed.origin, [...mix, HOT_PATH], false);
  ctx.results.rssMb.apiAfterWarm = rssMbOf(api.pid);
  const targets = [api, apiL2, apiUnlimited, rawRedis, stock, rawStatic];
  for (const [name, paths] of options.only.has('hits')
    ? ([
        ['mix', mix],
        ['hot', [HOT_PATH]],
      ] as const)
    : []) {
    ctx.results.hits[name] = { paths: paths.length, targets: await hitScenario(ctx, load, targets, paths) };
    ctx.results.rssMb[`apiAfterHits_${name}`] = rssMbOf(api.pid);
  }
  if (options.only.has('miss')) {
    await missScenario(ctx, load, api, mix);
    ctx.results.rssMb.apiAfterMiss = rssMbOf(api.pid);
  }
  if (options.only.has('stampede')) {
    await stampedeScenario(ctx, load, api);
    ctx.results.rssMb.apiAfterStampede = rssMbOf(api.pid);
  }
}

// ------------------------------------------------------------------------------ write stream

async function writeStream(ctx: Context): Promise<void> {
  const { options } = ctx;
  const paths = queryMix(options.writeQueries);
  const runId = Date.now().toString(36);
  const load = LoadClient.start(ctx.env);
  say(
    `write stream: Zipf reads over ${paths.length} warm queries, writes ${options.writeRates.join('/')} per s, ` +
      `${options.writeKinds.join(' and ')} writes, ${options.writeModes.join(' and ')} mode, ${options.writeDurationS} s per row, ${options.writePasses} passes`,
  );
  const rows = await writeStreamScenario({
    load,
    esNode: ctx.esNode,
    alias: ctx.alias,
    adminKey: ADMIN_KEY,
    docs: options.docs,
    paths,
    rates: options.writeRates,
    modes: options.writeModes,
    kinds: options.writeKinds,
    durationS: options.writeDurationS,
    passes: options.writePasses,
    connections: options.connections,
    say,
    // A key prefix of its own per run and mode: every mode starts from an empty cache.
    startApi: (mode: WriteMode) =>
      startApi(ctx, `api-${mode}`, options.basePort + 5, {
        CACHE_KEY_PREFIX: `${options.prefix}-ws-${runId}-${mode}`,
        CACHE_SEARCH_MAX_STALENESS_MS: mode === 'strict' ? '0' : undefined,
      }),
  });
  ctx.results.writeStream = {
    paths: paths.length,
    durationS: options.writeDurationS,
    passes: options.writePasses,
    rows,
  };
  await stop(load.child);
}

// -------------------------------------------------------------------------------- push delay

async function pushDelay(ctx: Context): Promise<void> {
  const { options } = ctx;
  const runId = Date.now().toString(36);
  const load = LoadClient.start(ctx.env);
  say(
    `push delay: ${options.pushWrites} writes on A per row (2/s and 20/s with B idle, 20/s with B serving the hit mix)`,
  );
  const rows = await pushDelayScenario({
    load,
    adminKey: ADMIN_KEY,
    docs: options.docs,
    paths: queryMix(options.queries),
    writes: options.pushWrites,
    connections: options.connections,
    say,
    // Two instances of one deployment: the same key prefix, the default configuration otherwise.
    startApi: (name) =>
      startApi(ctx, `api-${name}`, options.basePort + (name === 'a' ? 6 : 7), {
        CACHE_KEY_PREFIX: `${options.prefix}-push-${runId}`,
      }),
  });
  ctx.results.pushDelay = { rows };
  await stop(load.child);
}

/** The compiled API on `port` with the bench's environment and these changes (undefined = unset). */
async function startApi(
  ctx: Context,
  name: string,
  port: number,
  changes: Record<string, string | undefined>,
  nodeArgs: readonly string[] = apiNodeFlags(ctx.options.profile),
): Promise<RunningApi> {
  const env: NodeJS.ProcessEnv = { ...ctx.env, PORT: String(port) };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const child = startNode(name, API_MAIN, [], env, nodeArgs);
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(`${origin}/health`, child);
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  return { origin, pid: child.pid, stop: () => stop(child) };
}

/** Both shared services answer: the bench uses them as they are and starts nothing. */
async function servicesAnswer(esNode: string, redisUrl: string): Promise<boolean> {
  try {
    const res = await fetch(esNode, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return false;
    const client = createClient({ url: redisUrl });
    await client.connect();
    await client.ping();
    await client.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * A target whose process `launch` starts (answering); `restart` replaces it by a new one, which
 * fetches the paths once if `refills` (the API: its L1 is per process).
 */
async function served(
  key: string,
  label: string,
  port: number,
  launch: () => Promise<Running>,
  refills = false,
): Promise<Target> {
  let running = await launch();
  const target: Target = {
    key,
    label,
    origin: `http://127.0.0.1:${port}`,
    pid: running.pid,
    countsOutcomes: refills,
    restart: async (paths) => {
      await running.stop();
      running = await launch();
      target.pid = running.pid;
      if (refills) await warm(target.origin, paths, false);
    },
  };
  return target;
}

/** A baseline server of bench/servers through ts-node, on `port` (also as PORT), answering `probe`. */
async function startScript(
  ctx: Context,
  name: string,
  script: string,
  port: number,
  args: readonly string[],
  probe: string,
): Promise<Running> {
  const env = { ...ctx.env, PORT: String(port) };
  const child = startNode(name, join(ROOT, 'bench', 'servers', script), args, env, TS_NODE);
  await waitForHttp(`http://127.0.0.1:${port}${probe}`, child);
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  return { pid: child.pid, stop: () => stop(child) };
}

/** Requests every path (4 at a time); a second pass collects the (now cached) bodies. */
async function warm(
  origin: string,
  paths: readonly string[],
  collect: boolean,
): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  const pass = async (keep: boolean): Promise<void> => {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < paths.length) {
        const path = paths[next++];
        const res = await fetch(origin + path);
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${origin}${path}: ${res.status} ${body.slice(0, 200)}`);
        if (keep) bodies.set(path, body);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  };
  await pass(false);
  if (collect) await pass(true);
  return bodies;
}

async function measure(
  ctx: Context,
  load: LoadClient,
  target: Target,
  paths: readonly string[],
  durationS: number,
): Promise<LoadRound> {
  const states0 = target.countsOutcomes ? await cacheStates(target.origin) : undefined;
  const cpu0 = cpuMsOf(target.pid);
  const redis0 = ctx.redisPid ? cpuMsOf(ctx.redisPid) : 0;
  const machine0 = machineCpuMs();
  const r = await load.cannon({
    origin: target.origin,
    paths,
    connections: ctx.options.connections,
    durationS,
    headers: { ...CLIENT_HEADERS },
  });
  const serverMs = cpuMsOf(target.pid) - cpu0;
  const redisMs = ctx.redisPid ? cpuMsOf(ctx.redisPid) - redis0 : Number.NaN;
  const machine1 = machineCpuMs();
  const states1 = states0 && (await cacheStates(target.origin));
  const responses = r.ok + r.non2xx;
  const wallMs = r.durationS * 1000;
  const machineTotalMs = machine1.totalMs - machine0.totalMs;
  return {
    reqPerSec: r.reqPerSec,
    latency: r.latency,
    responses,
    non2xx: r.non2xx,
    errors: r.errors,
    bytesPerResponse: r.bytesPerResponse,
    serverCpuUsPerReq: (serverMs * 1000) / responses,
    redisCpuUsPerReq: (redisMs * 1000) / responses,
    serverShare: serverMs / (wallMs * CORES),
    loadgenShare: r.cpuMs / (wallMs * CORES),
    otherShare: (machine1.busyMs - machine0.busyMs - serverMs - r.cpuMs) / machineTotalMs,
    rssMb: rssMbOf(target.pid),
    pid: target.pid,
    notHits: states1 && notHitsBetween(states0 ?? {}, states1),
  };
}

/** Responses counted between two readings of the API's outcome counters that were not a HIT. */
function notHitsBetween(before: Record<string, number>, after: Record<string, number>): number {
  let count = 0;
  for (const [state, n] of Object.entries(after)) if (state !== 'hit') count += n - (before[state] ?? 0);
  return count;
}

async function hitScenario(
  ctx: Context,
  load: LoadClient,
  targets: readonly Target[],
  paths: readonly string[],
): Promise<Record<string, TargetResult>> {
  const { options } = ctx;
  const name = paths.length === 1 ? 'single hot query' : `${paths.length} distinct warm queries`;
  const fresh = options.freshProcesses;
  say(
    `cache hits, ${name}: ${fresh ? 'new processes each round, ' : ''}warm-up ${options.warmupS} s per target` +
      (fresh ? ' and round' : ''),
  );
  const rounds = new Map<string, LoadRound[]>(targets.map((t) => [t.key, []]));
  for (let round = 1; round <= options.rounds; round++) {
    // A process of a build can run a few per cent faster or slower than the next one for its
    // whole life: medians over new processes are steadier than rounds of the same ones.
    if (fresh) for (const t of targets) await t.restart(paths);
    if (options.warmupS > 0 && (fresh || round === 1))
      for (const t of targets) await measure(ctx, load, t, paths, options.warmupS);
    // Interleaved: every target sees the same slice of the machine's noise.
    for (const t of targets) {
      const result = await measure(ctx, load, t, paths, options.durationS);
      rounds.get(t.key)?.push(result);
      console.log(
        `  round ${round} ${t.key.padEnd(5)} ${result.reqPerSec.toFixed(0).padStart(6)} req/s  ` +
          `p50 ${result.latency.p50.toFixed(2)} ms  p99 ${result.latency.p99.toFixed(2)} ms  ` +
          `cpu ${result.serverCpuUsPerReq.toFixed(0)} µs/req  non2xx ${result.non2xx}  errors ${result.errors}  ` +
          (result.notHits === undefined ? '' : `not HIT ${result.notHits}  `) +
          `pid ${t.pid}`,
      );
    }
  }
  return Object.fromEntries(
    targets.map((t) => [
      t.key,
      { label: t.label, rounds: rounds.get(t.key) ?? [], median: medianRound(rounds.get(t.key) ?? []) },
    ]),
  );
}

function medianRound(rounds: readonly LoadRound[]): TargetResult['median'] {
  const m = (pick: (r: LoadRound) => number): number => median(rounds.map(pick));
  return {
    reqPerSec: m((r) => r.reqPerSec),
    latency: { p50: m((r) => r.latency.p50), p99: m((r) => r.latency.p99) },
    responses: m((r) => r.responses),
    non2xx: Math.max(...rounds.map((r) => r.non2xx)),
    errors: Math.max(...rounds.map((r) => r.errors)),
    bytesPerResponse: m((r) => r.bytesPerResponse),
    serverCpuUsPerReq: m((r) => r.serverCpuUsPerReq),
    redisCpuUsPerReq: m((r) => r.redisCpuUsPerReq ?? Number.NaN),
    serverShare: m((r) => r.serverShare),
    loadgenShare: m((r) => r.loadgenShare),
    otherShare: m((r) => r.otherShare),
    rssMb: Math.max(...rounds.map((r) => r.rssMb)),
  };
}

// ---------------------------------------------------------------------------- miss vs hit

async function missScenario(
  ctx: Context,
  load: LoadClient,
  api: Target,
  mix: readonly string[],
): Promise<void> {
  const step = Math.max(1, Math.floor(mix.length / ctx.options.missQueries));
  const paths = mix.filter((_, i) => i % step === 0).slice(0, ctx.options.missQueries);
  say(`miss path: ${paths.length} queries one at a time, cold (new cache generation), then again as hits`);
  await bumpGeneration(ctx);
  const misses = await load.sequential(api.origin, paths);
  const hits = await load.sequential(api.origin, paths);
  const states = (items: typeof misses): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const item of items)
      counts[`${item.status} ${item.xCache ?? '-'}`] =
        (counts[`${item.status} ${item.xCache ?? '-'}`] ?? 0) + 1;
    return counts;
  };
  const missLatency = summarize(misses.map((i) => i.latencyMs));
  const hitLatency = summarize(hits.map((i) => i.latencyMs));
  ctx.results.miss = {
    queries: paths.length,
    missStates: states(misses),
    hitStates: states(hits),
    miss: missLatency,
    esTook: summarize(misses.map((i) => i.tookMs ?? Number.NaN)),
    overheadMs: summarize(misses.map((i) => i.latencyMs - (i.tookMs ?? Number.NaN))),
    hit: hitLatency,
    ratioP50: ratio(missLatency.p50, hitLatency.p50),
  };
}

/**
 * Moves the search namespace to a new generation (a hard move, as `cli cache purge` makes: no copy
 * stands in), then waits for the API to read it again (CACHE_L1_MAX_AGE_MS, default 1 s): every
 * earlier entry is unreachable (a miss).
 */
async function bumpGeneration(ctx: Context): Promise<void> {
  const client = createClient({ url: ctx.redisUrl });
  await client.connect();
  const key = `${ctx.options.prefix}:search:generation`;
  const current = Number((await client.get(key))?.split(':')[0] ?? 0);
  const value = Math.max(Date.now(), current + 1);
  await client.set(key, `${value}:${current}:h`);
  await client.close();
  await new Promise((resolve) => setTimeout(resolve, 1_100));
}

/** Deletes the keys matching `pattern` (the stock baseline's Keyv entries: filled again fresh). */
async function dropKeys(ctx: Context, pattern: string): Promise<void> {
  const client = createClient({ url: ctx.redisUrl });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 500 })) {
    if (keys.length > 0) await client.del(keys);
  }
  await client.close();
}

// ---------------------------------------------------------------------------------- stampede

async function stampedeScenario(ctx: Context, load: LoadClient, api: Target): Promise<void> {
  let nonce = Date.now() % 10_000_000;
  for (const n of ctx.options.stampedeSizes) {
    for (let round = 1; round <= ctx.options.stampedeRounds; round++) {
      const path = coldPath(nonce++);
      const before = await queryTotal(ctx.esNode, ctx.alias);
      const r = await load.cannon({ origin: api.origin, paths: [path], connections: n, amount: n });
      await sleep(300);
      const searches = (await queryTotal(ctx.esNode, ctx.alias)) - before;
      ctx.results.stampede.push({
        n,
        round,
        searches,
        ok: r.ok,
        non2xx: r.non2xx,
        errors: r.errors,
        latency: r.latency,
      });
      say(
        `stampede N=${n} round ${round}: ${searches} Elasticsearch search(es), ${r.ok} ok, ` +
          `${r.non2xx} non-2xx, ${r.errors} errors, p99 ${r.latency.p99.toFixed(1)} ms`,
      );
    }
  }
}

runTool(main);
