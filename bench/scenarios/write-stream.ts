/**
 * The write stream (issue 10): Zipf-distributed reads over the warm query mix at full speed while
 * random products are written at a fixed rate, in the API's default mode and in strict mode
 * (`CACHE_SEARCH_MAX_STALENESS_MS=0`). Each (mode, kind of write) is measured in passes over the
 * rates, each pass starting with its own no-write row, so every ratio compares neighbours of the same
 * run; a rate's reported row is its median pass (one pair alone is too noisy on a shared machine:
 * bench/README.md).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { cacheStates, elasticsearchTrips, type Trips, warm } from '../lib/api-cache';
import { processCpuMs, queryTotal } from '../lib/es-stats';
import type { LoadClient } from '../lib/load-client';
import { CLIENT_HEADERS, prng } from '../lib/queries';
import type { WriteStreamRow } from '../lib/results';
import { ratio, summarize } from '../lib/stats';

export type WriteMode = 'default' | 'strict';
export type WriteKind = 'stock' | 'title';

export interface RunningApi {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

export interface WriteStreamDeps {
  load: LoadClient;
  esNode: string;
  alias: string;
  adminKey: string;
  docs: number;
  paths: readonly string[];
  rates: readonly number[];
  modes: readonly WriteMode[];
  kinds: readonly WriteKind[];
  durationS: number;
  /** Passes over the rates per mode and kind, each with its own no-write row first. */
  passes: number;
  connections: number;
  /** Starts a fresh API process for a mode (its own cache key prefix: nothing carried over). */
  startApi(mode: WriteMode): Promise<RunningApi>;
  say(text: string): void;
}

/** What writing products through the API needs: where, as whom, and the catalog's size. */
export type WriterDeps = Pick<WriteStreamDeps, 'esNode' | 'alias' | 'adminKey' | 'docs'>;

export const WRITE_MODES: readonly WriteMode[] = ['default', 'strict'];
export const WRITE_KINDS: readonly WriteKind[] = ['stock', 'title'];
const ZIPF_EXPONENT = 1;
/** Writes in flight at most; past it the writer skips a beat (counted) rather than pile up. */
const MAX_IN_FLIGHT = 200;
const TITLE_MARK = ' (revised)';
const PRODUCT_POOL = 1_000;
/**
 * Before a row, Elasticsearch is waited for until it uses less than this share of a core over a
 * second (at rest it uses ~0.002), so no row starts while the previous row's writes (and their
 * putting back) are still being merged.
 */
const ES_AT_REST_CORES = 0.05;
const ES_SETTLE_MAX_S = 90;

export async function writeStreamScenario(deps: WriteStreamDeps): Promise<WriteStreamRow[]> {
  const rows: WriteStreamRow[] = [];
  for (const mode of deps.modes) {
    const api = await deps.startApi(mode);
    try {
      // Elasticsearch's first minutes with a freshly seeded index and these searches (JIT, caches,
      // merges) are not what a long-running cluster pays: one stock row first, not measured.
      if (mode === deps.modes[0]) await warmUpRow(deps, api, mode);
      for (const kind of deps.kinds) {
        const passes = await measurePasses(deps, api, mode, kind);
        rows.push(...deps.rates.map((rate, i) => medianPass(passes.map((pass) => pass[i]))));
      }
    } finally {
      await api.stop();
    }
  }
  return rows;
}

/** Every pass over the rates for a mode and kind: one row per rate, in the rates' order. */
async function measurePasses(
  deps: WriteStreamDeps,
  api: RunningApi,
  mode: WriteMode,
  kind: WriteKind,
): Promise<WriteStreamRow[][]> {
  const passes: WriteStreamRow[][] = [];
  for (let pass = 1; pass <= deps.passes; pass++) {
    const rows: WriteStreamRow[] = [];
    let baseline: WriteStreamRow | undefined;
    for (const rate of deps.rates) {
      // The same pool for a kind and rate in both modes and every pass (so all flip the same
      // products), put back as it was after each row.
      const pool = await productPool(deps, poolSeed(kind, rate));
      const row = await measureRow(deps, api, mode, kind, rate, pool);
      if (rate === 0) baseline = row;
      row.readsVsNoWrites = baseline ? ratio(row.readsPerS, baseline.readsPerS) : Number.NaN;
      rows.push(row);
      deps.say(
        `write stream ${mode}/${kind} ${rate}/s, pass ${pass}/${deps.passes}: ` +
          `${row.readsPerS.toFixed(0)} reads/s (${row.readsVsNoWrites.toFixed(2)}× no writes), ` +
          `hit ratio ${row.hitRatio.toFixed(3)}, ${row.esSearchesPerS.toFixed(1)} ES searches/s, ` +
          `p99 ${row.p99Ms.toFixed(1)} ms, ${row.writesPerS.toFixed(1)} writes/s done ` +
          `(${row.writeFailures} failed); Elasticsearch at rest after ${row.esSettleS?.toFixed(0)} s`,
      );
    }
    passes.push(rows);
  }
  return passes;
}

/**
 * The pass whose ratio to its own no-write row is the median (the lower of two middles; by reads/s
 * where there is no ratio), with every pass's figures attached.
 */
export function medianPass(rows: readonly WriteStreamRow[]): WriteStreamRow {
  if (rows.length === 0) throw new Error('no pass measured');
  const key = (row: WriteStreamRow): number =>
    Number.isNaN(row.readsVsNoWrites) ? row.readsPerS : row.readsVsNoWrites;
  const median = [...rows].sort((a, b) => key(a) - key(b))[(rows.length - 1) >> 1];
  return {
    ...median,
    pass: rows.indexOf(median) + 1,
    passes: rows.map(({ readsPerS, readsVsNoWrites }) => ({ readsPerS, readsVsNoWrites })),
  };
}

async function warmUpRow(deps: WriteStreamDeps, api: RunningApi, mode: WriteMode): Promise<void> {
  const rate = Math.max(...deps.rates);
  if (rate === 0) return;
  deps.say(`write stream: warming Elasticsearch with one unmeasured ${mode}/stock ${rate}/s row`);
  await measureRow(deps, api, mode, 'stock', rate, await productPool(deps, 9_999));
}

async function measureRow(
  deps: WriteStreamDeps,
  api: RunningApi,
  mode: WriteMode,
  kind: WriteKind,
  rate: number,
  pool: Map<string, Original>,
): Promise<WriteStreamRow> {
  // Every row starts warm: what the previous row's writes retired is filled again first.
  await warm(api.origin, deps.paths);
  const esSettleS = await elasticsearchAtRest(deps.esNode);
  const states0 = await cacheStates(api.origin);
  const searches0 = await queryTotal(deps.esNode, deps.alias);
  const trips0 = await elasticsearchTrips(api.origin);
  const esCpu0 = await processCpuMs(deps.esNode);
  const writer = startWriter(deps, api.origin, kind, rate, pool);
  const reads = await deps.load.cannon({
    origin: api.origin,
    paths: deps.paths,
    connections: deps.connections,
    durationS: deps.durationS,
    zipfExponent: ZIPF_EXPONENT,
    headers: CLIENT_HEADERS,
  });
  const writes = await writer.stop();
  const searches = (await queryTotal(deps.esNode, deps.alias)) - searches0;
  const esCpuMs = (await processCpuMs(deps.esNode)) - esCpu0;
  const trips = tripsSince(trips0, await elasticsearchTrips(api.origin), reads.durationS);
  const states1 = await cacheStates(api.origin);
  // Outside the measured span: the next row starts from the same catalog (and warms what this retires).
  await putBack(deps, api.origin, kind, pool, writes.written);
  const served: Record<string, number> = {};
  for (const [state, count] of Object.entries(states1)) served[state] = count - (states0[state] ?? 0);
  const total = Object.values(served).reduce((a, b) => a + b, 0);
  return {
    mode,
    kind,
    writesPerSTarget: rate,
    writesPerS: writes.done / reads.durationS,
    writeFailures: writes.failed,
    writesSkipped: writes.skipped,
    writeP99Ms: writes.p99Ms,
    readsPerS: reads.reqPerSec,
    readsVsNoWrites: Number.NaN,
    p50Ms: reads.latency.p50,
    p99Ms: reads.latency.p99,
    readNon2xx: reads.non2xx,
    readErrors: reads.errors,
    hitRatio: ratio(served.hit ?? 0, total),
    cacheStates: served,
    esSearchesPerS: searches / reads.durationS,
    esCpuCores: esCpuMs / 1000 / reads.durationS,
    esTrips: trips,
    esSettleS,
  };
}

/** Waits (at most ES_SETTLE_MAX_S) until Elasticsearch is at rest; returns the seconds waited. */
async function elasticsearchAtRest(esNode: string): Promise<number> {
  const startedAt = performance.now();
  let before = await processCpuMs(esNode);
  while (performance.now() - startedAt < ES_SETTLE_MAX_S * 1000) {
    await sleep(1000);
    const now = await processCpuMs(esNode);
    if (now - before < ES_AT_REST_CORES * 1000) break;
    before = now;
  }
  return (performance.now() - startedAt) / 1000;
}

/** The API's Elasticsearch round trips during the row, by operation: per second, and mean ms each. */
export function tripsSince(
  before: Record<string, Trips>,
  after: Record<string, Trips>,
  durationS: number,
): WriteStreamRow['esTrips'] {
  const rows: WriteStreamRow['esTrips'] = {};
  for (const [operation, now] of Object.entries(after)) {
    const count = now.count - (before[operation]?.count ?? 0);
    const seconds = now.seconds - (before[operation]?.seconds ?? 0);
    if (count > 0) rows[operation] = { perS: count / durationS, msEach: (seconds * 1000) / count };
  }
  return rows;
}

export interface Writer {
  stop(): Promise<{ done: number; failed: number; skipped: number; p99Ms: number; written: Set<string> }>;
}

/** A pool product's stock and title before the row. */
export interface Original {
  readonly stock: number | null;
  readonly title: string;
}

/** PATCHes random products through the API at `rate` per second until stopped. */
export function startWriter(
  deps: WriterDeps,
  origin: string,
  kind: WriteKind,
  rate: number,
  pool: Map<string, Original>,
): Writer {
  const ids = [...pool.keys()];
  const titles = new Map([...pool].map(([id, original]) => [id, original.title]));
  const written = new Set<string>();
  const random = prng(rate * 31 + (kind === 'title' ? 7 : 3));
  const inFlight = new Set<Promise<void>>();
  const latencies: number[] = [];
  let done = 0;
  let failed = 0;
  let skipped = 0;
  let running = rate > 0;
  const writeOne = async (): Promise<void> => {
    const id = ids[Math.floor(random() * ids.length)];
    const body =
      kind === 'stock' ? { stock: Math.floor(random() * 500) } : { title: toggledTitle(titles, id) };
    const started = performance.now();
    written.add(id);
    try {
      const res = await fetch(`${origin}/catalog/products/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-api-key': deps.adminKey },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      if (res.ok) done++;
      else failed++;
    } catch {
      failed++;
    }
    latencies.push(performance.now() - started);
  };
  const loop = (async (): Promise<void> => {
    const intervalMs = 1000 / rate;
    let due = performance.now();
    while (running) {
      if (inFlight.size >= MAX_IN_FLIGHT) skipped++;
      else {
        const write = writeOne().finally(() => inFlight.delete(write));
        inFlight.add(write);
      }
      due += intervalMs;
      await sleep(Math.max(0, due - performance.now()));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await Promise.all(inFlight);
      return { done, failed, skipped, p99Ms: summarize(latencies).p99, written };
    },
  };
}

function toggledTitle(titles: Map<string, string>, id: string): string {
  const current = titles.get(id) ?? '';
  const next = current.endsWith(TITLE_MARK) ? current.slice(0, -TITLE_MARK.length) : current + TITLE_MARK;
  titles.set(id, next);
  return next;
}

/** The pool's seed for a kind of write and a rate (tools/write-cost.ts writes the same products). */
export function poolSeed(kind: WriteKind, rate: number): number {
  return (kind === 'stock' ? 1 : 2) * 1_000 + rate;
}

/** A pool of random products of the generated catalog (one per seed), with their stock and title now. */
export async function productPool(deps: WriterDeps, seed: number): Promise<Map<string, Original>> {
  const random = prng(seed * 7919 + 5);
  const ids = new Set<string>();
  while (ids.size < Math.min(PRODUCT_POOL, deps.docs)) ids.add(`gen-42-${Math.floor(random() * deps.docs)}`);
  const res = await fetch(`${deps.esNode}/${deps.alias}/_mget?_source_includes=title,stock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ids: [...ids] }),
  });
  const body = (await res.json()) as {
    docs: { _id: string; found: boolean; _source?: { title: string; stock?: number | null } }[];
  };
  const pool = new Map<string, Original>();
  for (const doc of body.docs) {
    if (doc.found && doc._source)
      pool.set(doc._id, { title: doc._source.title, stock: doc._source.stock ?? null });
  }
  if (pool.size === 0) throw new Error(`no generated products found in ${deps.alias}`);
  return pool;
}

/** Writes the row's products back as they were, through the API (so its cache follows), 20 at a time. */
export async function putBack(
  deps: WriterDeps,
  origin: string,
  kind: WriteKind,
  pool: Map<string, Original>,
  written: ReadonlySet<string>,
): Promise<void> {
  const ids = [...written];
  const worker = async (): Promise<void> => {
    for (let id = ids.pop(); id !== undefined; id = ids.pop()) {
      const original = pool.get(id);
      // The generator always records a stock count; a product without one is left as the row wrote it.
      if (!original || (kind === 'stock' && original.stock === null)) continue;
      const body = kind === 'stock' ? { stock: original.stock } : { title: original.title };
      const res = await fetch(`${origin}/catalog/products/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-api-key': deps.adminKey },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`putting ${id} back: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
}
