/**
 * Cross-instance push delay (issue 10): two API processes share Redis in the default
 * configuration. Each write on A retires the cached product page that shows the product and
 * publishes it; B applies the push and records, in its own histogram
 * (`cache_invalidation_push_delay_seconds`), the time from A's publish to that moment. Measured
 * with B idle and with B serving the hit mix at full speed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { warm } from '../lib/api-cache';
import type { LoadClient } from '../lib/load-client';
import { CLIENT_HEADERS, prng } from '../lib/queries';
import type { PushDelayRow } from '../lib/results';
import type { RunningApi } from './write-stream';

export interface PushDelayDeps {
  load: LoadClient;
  adminKey: string;
  docs: number;
  /** Read by B under load (warmed first). */
  paths: readonly string[];
  writes: number;
  writesPerS: number;
  connections: number;
  /** Starts API `name`; both share one cache key prefix per run. */
  startApi(name: 'a' | 'b'): Promise<RunningApi>;
  say(text: string): void;
}

const HISTOGRAM = 'cache_invalidation_push_delay_seconds_bucket';

export async function pushDelayScenario(deps: PushDelayDeps): Promise<PushDelayRow[]> {
  const a = await deps.startApi('a');
  const b = await deps.startApi('b');
  try {
    await warm(b.origin, deps.paths);
    const rows: PushDelayRow[] = [];
    for (const load of ['idle', 'hits'] as const) {
      const row = await measureRow(deps, a, b, load);
      rows.push(row);
      deps.say(
        `push delay, B ${load}: ${row.pushes} pushes, p50 ≤ ${row.p50Ms} ms, p99 ≤ ${row.p99Ms} ms` +
          (row.readsPerS === undefined ? '' : ` (B serving ${row.readsPerS.toFixed(0)} reads/s)`),
      );
    }
    return rows;
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

async function measureRow(
  deps: PushDelayDeps,
  a: RunningApi,
  b: RunningApi,
  load: PushDelayRow['load'],
): Promise<PushDelayRow> {
  const before = await delayBuckets(b.origin);
  const durationS = Math.ceil(deps.writes / deps.writesPerS) + 1;
  const reads =
    load === 'hits'
      ? deps.load.cannon({
          origin: b.origin,
          paths: deps.paths,
          connections: deps.connections,
          durationS,
          headers: CLIENT_HEADERS,
        })
      : undefined;
  const writes = await writeProducts(deps, a.origin, load === 'idle' ? 11 : 13);
  const readResult = await reads;
  // The last push may still be on its way.
  await sleep(200);
  const after = await delayBuckets(b.origin);
  const counts = new Map([...after].map(([le, n]) => [le, n - (before.get(le) ?? 0)]));
  const pushes = counts.get(Infinity) ?? 0;
  return {
    load,
    writes,
    pushes,
    p50Ms: bucketPercentile(counts, 0.5) * 1000,
    p99Ms: bucketPercentile(counts, 0.99) * 1000,
    buckets: Object.fromEntries([...counts].map(([le, n]) => [String(le), n])),
    ...(readResult ? { readsPerS: readResult.reqPerSec } : {}),
  };
}

/**
 * Caches a random in-stock product's page through A, then changes its stock count, keeping it in
 * stock: A deletes the page and publishes the key, B applies it; no listing changes (the reads on
 * B stay hits). Returns the writes that succeeded.
 */
async function writeProducts(deps: PushDelayDeps, origin: string, seed: number): Promise<number> {
  const random = prng(seed);
  const intervalMs = 1000 / deps.writesPerS;
  let done = 0;
  while (done < deps.writes) {
    const started = performance.now();
    const url = `${origin}/catalog/products/gen-42-${Math.floor(random() * deps.docs)}`;
    const page = await fetch(url, { headers: CLIENT_HEADERS });
    const body = Buffer.from(await page.arrayBuffer()).toString('utf8');
    const product = page.status === 200 ? (JSON.parse(body) as { stock?: number }) : undefined;
    if (!product?.stock) continue;
    const res = await fetch(url, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-api-key': deps.adminKey },
      body: JSON.stringify({ stock: 1 + Math.floor(random() * 500) }),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`PATCH ${url}: ${res.status}`);
    done++;
    await sleep(Math.max(0, intervalMs - (performance.now() - started)));
  }
  return done;
}

/** Cumulative counts of B's push-delay histogram by upper bound (seconds; `+Inf` = all). */
async function delayBuckets(origin: string): Promise<Map<number, number>> {
  const text = await (await fetch(`${origin}/metrics`)).text();
  const buckets = new Map<number, number>();
  for (const match of text.matchAll(new RegExp(`^${HISTOGRAM}\\{le="([^"]+)"\\} (\\S+)$`, 'gm'))) {
    buckets.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]));
  }
  return buckets;
}

/** The smallest bucket bound holding the share `q` of the observations (a histogram's resolution). */
export function bucketPercentile(cumulative: ReadonlyMap<number, number>, q: number): number {
  const total = cumulative.get(Infinity) ?? 0;
  if (total === 0) return Number.NaN;
  const bounds = [...cumulative.keys()].sort((x, y) => x - y);
  return bounds.find((le) => (cumulative.get(le) ?? 0) >= q * total) ?? Infinity;
}
