/**
 * Cross-instance push delay (issue 10): two API processes share Redis in the default
 * configuration. Each write on A retires the cached product page that shows the product and
 * publishes it; B applies the push and records, in its own histogram
 * (`cache_invalidation_push_delay_seconds`), the time from A's publish to that moment. Measured
 * with B idle and with B serving the hit mix at full speed, after a few unmeasured pushes.
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
  /** Writes per row. */
  writes: number;
  connections: number;
  /** Starts API `name`; both share one cache key prefix per run. */
  startApi(name: 'a' | 'b'): Promise<RunningApi>;
  say(text: string): void;
}

const HISTOGRAM = 'cache_invalidation_push_delay_seconds_bucket';
const WARM_UP_WRITES = 20;
const WARM_UP_WRITES_PER_S = 10;
const WARM_UP_SEED = 7;

export async function pushDelayScenario(deps: PushDelayDeps): Promise<PushDelayRow[]> {
  const a = await deps.startApi('a');
  const b = await deps.startApi('b');
  try {
    await warm(b.origin, deps.paths);
    // A few pushes first, not measured: B's first ones run its handler's code cold.
    await writeProducts(deps, a.origin, WARM_UP_WRITES_PER_S, WARM_UP_SEED, WARM_UP_WRITES);
    const rows: PushDelayRow[] = [];
    // A light write stream shows the push itself; 20 writes/s (each in flight until Elasticsearch's
    // refresh) adds the machine's contention, and then B's own load.
    for (const [load, writesPerS] of [
      ['idle', 2],
      ['idle', 20],
      ['hits', 20],
    ] as const) {
      const row = await measureRow(deps, a, b, load, writesPerS, rows.length);
      rows.push(row);
      deps.say(
        `push delay, ${writesPerS} writes/s, B ${load}: ${row.pushes} pushes, p50 ≤ ${row.p50Ms} ms, p99 ≤ ${row.p99Ms} ms` +
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
  writesPerS: number,
  row: number,
): Promise<PushDelayRow> {
  const before = await delayBuckets(b.origin);
  // The writes' span plus the last ones' wait for Elasticsearch's refresh.
  const durationS = Math.ceil(deps.writes / writesPerS) + 2;
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
  // Products of their own per row: a row repeating another's would write the stock counts they already hold.
  const writes = await writeProducts(deps, a.origin, writesPerS, 11 + row);
  const readResult = await reads;
  // The last push may still be on its way.
  await sleep(200);
  const after = await delayBuckets(b.origin);
  const counts = new Map([...after].map(([le, n]) => [le, n - (before.get(le) ?? 0)]));
  const pushes = counts.get(Infinity) ?? 0;
  return {
    load,
    writesPerS,
    writes,
    pushes,
    p50Ms: bucketPercentile(counts, 0.5) * 1000,
    p99Ms: bucketPercentile(counts, 0.99) * 1000,
    buckets: Object.fromEntries([...counts].map(([le, n]) => [String(le), n])),
    ...(readResult ? { readsPerS: readResult.reqPerSec } : {}),
  };
}

/**
 * Starts a write every 1/writesPerS s, without waiting for the previous one (a write returns once
 * Elasticsearch made it visible, up to its refresh interval): caches a random in-stock product's page
 * through A, then changes its stock count, keeping it in stock, so A brings the page up to date in
 * Redis and publishes the key and B applies it (drops its L1 copy); no listing changes (B's reads stay hits). Returns the writes that succeeded.
 */
async function writeProducts(
  deps: PushDelayDeps,
  origin: string,
  writesPerS: number,
  seed: number,
  writes = deps.writes,
): Promise<number> {
  const random = prng(seed);
  let done = 0;
  const writeOne = async (id: string, stock: number): Promise<void> => {
    const url = `${origin}/catalog/products/${id}`;
    const page = await fetch(url, { headers: CLIENT_HEADERS });
    const body = Buffer.from(await page.arrayBuffer()).toString('utf8');
    const product = page.status === 200 ? (JSON.parse(body) as { stock?: number }) : undefined;
    if (!product?.stock) return;
    const res = await fetch(url, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-api-key': deps.adminKey },
      body: JSON.stringify({ stock }),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`PATCH ${url}: ${res.status}`);
    done++;
  };
  const started: Promise<void>[] = [];
  for (let i = 0; i < writes; i++) {
    started.push(writeOne(`gen-42-${Math.floor(random() * deps.docs)}`, 1 + Math.floor(random() * 500)));
    await sleep(1000 / writesPerS);
  }
  await Promise.all(started);
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
