/**
 * A/B of API builds on the cache-hit path: starts each given build (a directory holding
 * dist/apps/api/apps/api/src/main.js) on its own port against the bench index, warms the hot
 * query, then interleaves rounds and prints median req/s, p99 and server CPU per request. Its clients
 * send the bench's request headers (CLIENT_HEADERS: gzip accepted), as `npm run bench`'s do, or with
 * `--identity` none (a client that takes only identity: curl without --compressed, Java's HttpClient).
 * Usage: ts-node bench/tools/ab.ts <root1> <root2> ... [--rounds 5] [--duration 6] [--mix] [--identity] [--processes N]
 * A root may carry node flags after a `+`, e.g. `.+--max-semi-space-size=8` (same build, other flags),
 * and environment overrides after a `@`, e.g. `.@RATE_LIMIT_READ_PER_MIN=1000000` (same build, read
 * limit on). `--prefix bench…` picks the index and key prefix (default `bench`). `--processes N` starts
 * each build N times: one process against one measures the process as much as the build (the same
 * build has measured ±10 % from one start to the next), so compare the builds' spread, not two figures.
 */
import { join } from 'node:path';
import { API_MAIN_IN_CHECKOUT, benchApiEnv } from '../lib/api-process';
import { LoadClient } from '../lib/load-client';
import { rssMbOf, runTool, startNode, stopAll, waitForHttp } from '../lib/processes';
import { CLIENT_HEADERS, HOT_PATH, queryMix } from '../lib/queries';
import { median } from '../lib/stats';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string, fallback: number): number => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? Number(argv.splice(i, 2)[1]) : fallback;
  };
  const rounds = opt('rounds', 5);
  const processes = opt('processes', 1);
  const durationS = opt('duration', 6);
  const prefixIndex = argv.indexOf('--prefix');
  const prefix = prefixIndex >= 0 ? argv.splice(prefixIndex, 2)[1] : 'bench';
  const mixIndex = argv.indexOf('--mix');
  const paths = mixIndex >= 0 ? (argv.splice(mixIndex, 1), queryMix(1000)) : [HOT_PATH];
  const identityIndex = argv.indexOf('--identity');
  const headers = identityIndex >= 0 ? (argv.splice(identityIndex, 1), {}) : CLIENT_HEADERS;
  const env = { ...benchApiEnv(process.env, prefix), LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  const specs = argv.flatMap((spec) => Array.from({ length: processes }, (_, k) => ({ spec, k })));
  const builds = specs.map(({ spec, k }, i) => {
    const port = 3960 + i;
    const [build, overrides = ''] = spec.split('@');
    const [dir, ...flags] = build.split('+');
    const root = processes > 1 ? `${spec} #${k + 1}` : spec;
    const extraEnv = Object.fromEntries(
      overrides
        .split(',')
        .filter(Boolean)
        .map((pair) => pair.split('=') as [string, string]),
    );
    const child = startNode(
      root,
      join(dir, API_MAIN_IN_CHECKOUT),
      [],
      { ...env, ...extraEnv, PORT: String(port) },
      flags,
    );
    return {
      spec,
      root,
      origin: `http://127.0.0.1:${port}`,
      child,
      rps: [] as number[],
      p99: [] as number[],
      cpu: [] as number[],
    };
  });
  try {
    for (const b of builds) await waitForHttp(`${b.origin}/health`, b.child);
    const load = LoadClient.start(env);
    for (const b of builds) {
      for (const p of paths) await (await fetch(b.origin + p)).arrayBuffer();
      await load.cannon({ origin: b.origin, paths, connections: 50, durationS: 3, headers });
    }
    for (let r = 0; r < rounds; r++) {
      for (const b of builds) {
        const res = await load.cannonOn(b.child.pid ?? 0, {
          origin: b.origin,
          paths,
          connections: 50,
          durationS,
          headers,
        });
        const cpuUs = res.serverUsPerRequest;
        b.rps.push(res.reqPerSec);
        b.p99.push(res.latency.p99);
        b.cpu.push(cpuUs);
        console.log(
          `${b.root}: ${res.reqPerSec.toFixed(0)} req/s p99 ${res.latency.p99.toFixed(1)} ms ${cpuUs.toFixed(0)} µs/req ` +
            `(load generator ${((res.cpuMs * 1000) / (res.ok + res.non2xx)).toFixed(0)}) non2xx ${res.non2xx}`,
        );
      }
    }
    for (const b of builds) {
      console.log(
        `MEDIAN ${b.root}: ${median(b.rps).toFixed(0)} req/s, p99 ${median(b.p99).toFixed(1)} ms, ` +
          `${median(b.cpu).toFixed(0)} µs/req, RSS ${rssMbOf(b.child.pid ?? 0).toFixed(0)} MB`,
      );
    }
    if (processes > 1) {
      for (const spec of argv) {
        const mine = builds.filter((b) => b.spec === spec);
        const each = mine.map((b) => `${median(b.rps).toFixed(0)} req/s ${median(b.cpu).toFixed(0)} µs`);
        console.log(`PROCESSES ${spec}: ${each.join(' · ')}`);
      }
    }
  } finally {
    await stopAll();
  }
}

runTool(main);
