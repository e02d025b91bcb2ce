/**
 * The write stream (issue 10): Zipf-distributed reads over the warm query mix at full speed while
 * random products are written at a fixed rate, in the API's default mode and in strict mode
 * (`CACHE_SEARCH_MAX_STALENESS_MS=0`). Each (mode, kind of write) starts with its own no-write row,
 * measured right before the rows with writes, so every ratio compares neighbours of the same run.
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
  durationS: number;
  connections: number;
  /** Starts a fresh API process for a mode (its own cache key prefix: nothing carried over). */
  startApi(mode: WriteMode): Promise<RunningApi>;
  say(text: string): void;
}

const MODES: readonly WriteMode[] = ['default', 'strict'];
const KINDS: readonly WriteKind[] = ['stock', 'title'];
const ZIPF_EXPONENT = 1;
/** Writes in flight at most; past it the writer skips a beat (counted) rather than pile up. */
const MAX_IN_FLIGHT = 200;
const TITLE_MARK = ' (revised)';
const PRODUCT_POOL = 1_000;

export async function writeStreamScenario(deps: WriteStreamDeps): Promise<WriteStreamRow[]> {
  const rows: WriteStreamRow[] = [];
  for (const mode of MODES) {
    const api = await deps.startApi(mode);
    try {
      for (const kind of KINDS) {
        let baseline: WriteStreamRow | undefined;
        for (const rate of deps.rates) {
          // A pool of its own per row: a row's writes leave its products in stock, and a pool
          // shared with the earlier rows would reach the later ones with no availability left to flip.
          const titles = await productTitles(deps, rows.length + 1);
          const row = await measureRow(deps, api, mode, kind, rate, titles);
          if (rate === 0) baseline = row;
          row.readsVsNoWrites = baseline ? ratio(row.readsPerS, baseline.readsPerS) : Number.NaN;
          rows.push(row);
          deps.say(
            `write stream ${mode}/${kind} ${rate}/s: ${row.readsPerS.toFixed(0)} reads/s ` +
              `(${row.readsVsNoWrites.toFixed(2)}× no writes), hit ratio ${row.hitRatio.toFixed(3)}, ` +
              `${row.esSearchesPerS.toFixed(1)} ES searches/s, p99 ${row.p99Ms.toFixed(1)} ms, ` +
              `${row.writesPerS.toFixed(1)} writes/s done (${row.writeFailures} failed)`,
          );
        }
      }
    } finally {
      await api.stop();
    }
  }
  return rows;
}

async function measureRow(
  deps: WriteStreamDeps,
  api: RunningApi,
  mode: WriteMode,
  kind: WriteKind,
  rate: number,
  titles: Map<string, string>,
): Promise<WriteStreamRow> {
  // Every row starts warm: what the previous row's writes retired is filled again first.
  await warm(api.origin, deps.paths);
  const states0 = await cacheStates(api.origin);
  const searches0 = await queryTotal(deps.esNode, deps.alias);
  const trips0 = await elasticsearchTrips(api.origin);
  const esCpu0 = await processCpuMs(deps.esNode);
  const writer = startWriter(deps, api.origin, kind, rate, titles);
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
  };
}

/** The API's Elasticsearch round trips during the row, by operation: per second, and mean ms each. */
function tripsSince(
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

interface Writer {
  stop(): Promise<{ done: number; failed: number; skipped: number; p99Ms: number }>;
}

/** PATCHes random products through the API at `rate` per second until stopped. */
function startWriter(
  deps: WriteStreamDeps,
  origin: string,
  kind: WriteKind,
  rate: number,
  titles: Map<string, string>,
): Writer {
  const ids = [...titles.keys()];
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
      return { done, failed, skipped, p99Ms: summarize(latencies).p99 };
    },
  };
}

function toggledTitle(titles: Map<string, string>, id: string): string {
  const current = titles.get(id) ?? '';
  const next = current.endsWith(TITLE_MARK) ? current.slice(0, -TITLE_MARK.length) : current + TITLE_MARK;
  titles.set(id, next);
  return next;
}

/** A pool of random products of the generated catalog (one per seed), with their current titles. */
async function productTitles(deps: WriteStreamDeps, seed: number): Promise<Map<string, string>> {
  const random = prng(seed * 7919 + 5);
  const ids = new Set<string>();
  while (ids.size < Math.min(PRODUCT_POOL, deps.docs)) ids.add(`gen-42-${Math.floor(random() * deps.docs)}`);
  const res = await fetch(`${deps.esNode}/${deps.alias}/_mget?_source_includes=title`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ids: [...ids] }),
  });
  const body = (await res.json()) as { docs: { _id: string; found: boolean; _source?: { title: string } }[] };
  const titles = new Map<string, string>();
  for (const doc of body.docs) if (doc.found && doc._source) titles.set(doc._id, doc._source.title);
  if (titles.size === 0) throw new Error(`no generated products found in ${deps.alias}`);
  return titles;
}
