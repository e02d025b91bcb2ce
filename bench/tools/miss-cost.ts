/**
 * Cost of a cache miss under two query builders, measured side by side: the bench's miss-path
 * query mix (the same 200 queries `npm run bench` times as misses) is sent to two running APIs,
 * each with its own index and cache prefix. Before every query both cache generations move (every
 * request is a real miss), then the query goes to A and B one after the other, the order
 * alternating, so both see the same machine load. Reports end-to-end latency and Elasticsearch's
 * own time (`Server-Timing: es;dur`) per API and the B/A ratio of the p50s.
 *
 * Usage (bench/README.md "Miss cost of the query builder" says how the two APIs are started):
 *   ts-node bench/tools/miss-cost.ts --a http://127.0.0.1:4311=relold --b http://127.0.0.1:4312=relnew
 *     [--queries 1000] [--miss-queries 200] [--rounds 2] [--redis-url redis://127.0.0.1:6379]
 */
import { createClient } from '@keyv/redis';
import { parseArgs } from 'node:util';
import { CLIENT_HEADERS, queryMix } from '../lib/queries';
import { ratio, summarize } from '../lib/stats';

interface Api {
  origin: string;
  prefix: string;
  latencies: number[];
  took: number[];
  notMiss: number;
}

function api(spec: string): Api {
  const [origin, prefix] = spec.split('=');
  if (!origin || !prefix) throw new Error(`expected ORIGIN=CACHE_KEY_PREFIX, got ${spec}`);
  return { origin, prefix, latencies: [], took: [], notMiss: 0 };
}

async function timed(target: Api, path: string): Promise<void> {
  const started = performance.now();
  const res = await fetch(`${target.origin}${path}`, { headers: CLIENT_HEADERS });
  await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== 200 || res.headers.get('x-cache') !== 'MISS') {
    target.notMiss++;
    return;
  }
  target.latencies.push(ms);
  const took = /es;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
  if (took) target.took.push(Number(took[1]));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      queries: { type: 'string', default: '1000' },
      'miss-queries': { type: 'string', default: '200' },
      rounds: { type: 'string', default: '2' },
      'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
    },
  });
  if (!values.a || !values.b) throw new Error('usage: miss-cost.ts --a ORIGIN=PREFIX --b ORIGIN=PREFIX');
  const [a, b] = [api(values.a), api(values.b)];
  // The paths of the bench's miss scenario: every step-th query of the mix.
  const mix = queryMix(Number(values.queries));
  const count = Number(values['miss-queries']);
  const step = Math.max(1, Math.floor(mix.length / count));
  const paths = mix.filter((_, i) => i % step === 0).slice(0, count);
  const redis = createClient({ url: values['redis-url'] });
  await redis.connect();
  try {
    // One request each first: connections open, code paths loaded.
    await timed(a, paths[0]);
    await timed(b, paths[0]);
    a.latencies.length = b.latencies.length = a.took.length = b.took.length = 0;
    for (let round = 0; round < Number(values.rounds); round++) {
      for (const [i, path] of paths.entries()) {
        await redis.incr(`${a.prefix}:search:generation`);
        await redis.incr(`${b.prefix}:search:generation`);
        const order = (i + round) % 2 === 0 ? [a, b] : [b, a];
        for (const target of order) await timed(target, path);
      }
    }
  } finally {
    await redis.close();
  }
  const f = (n: number): string => n.toFixed(2);
  for (const [name, t] of [
    ['A', a],
    ['B', b],
  ] as const) {
    const l = summarize(t.latencies);
    const e = summarize(t.took);
    console.log(
      `${name} ${t.origin} (${t.prefix}): ${t.latencies.length} misses (${t.notMiss} not a 200 MISS) ` +
        `latency p50 ${f(l.p50)} p90 ${f(l.p90)} p99 ${f(l.p99)} ms; es took p50 ${f(e.p50)} p90 ${f(e.p90)} ms`,
    );
  }
  const latency = ratio(summarize(b.latencies).p50, summarize(a.latencies).p50);
  const took = ratio(summarize(b.took).p50, summarize(a.took).p50);
  console.log(`B/A miss p50 ${f(latency)}×, es took p50 ${f(took)}×`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
