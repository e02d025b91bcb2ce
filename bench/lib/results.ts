import type { LatencySummary } from './stats';

/** One measured round of a target under load. */
export interface LoadRound {
  reqPerSec: number;
  latency: LatencySummary;
  responses: number;
  non2xx: number;
  errors: number;
  bytesPerResponse: number;
  /** Server process CPU (user + system) per response, µs, from /proc/<pid>/stat. */
  serverCpuUsPerReq: number;
  /** Redis server CPU per response, µs (the shared Redis: others' traffic included). */
  redisCpuUsPerReq?: number;
  /** Shares of the machine's cores during the round (1 = all cores busy). */
  serverShare: number;
  loadgenShare: number;
  /** Everything else that ran on the machine meanwhile (Redis, Elasticsearch, other engineers). */
  otherShare: number;
  rssMb: number;
  /** The server process measured (a new one each round unless `--same-processes`). */
  pid?: number;
  /** Our API only: its responses of the round that were not a HIT (MISS, STALE, BYPASS), from its counters. */
  notHits?: number;
}

export interface TargetResult {
  label: string;
  rounds: LoadRound[];
  median: Omit<LoadRound, 'latency'> & { latency: { p50: number; p99: number } };
}

export interface TargetVerdict {
  target: string;
  measured: string;
  required: string;
  pass: boolean;
}

export interface BenchResults {
  startedAt: string;
  finishedAt?: string;
  options: object;
  machine: Record<string, unknown>;
  bulk?: {
    rounds: { rawDocsPerS: number; seedDocsPerS: number; seedLine: string }[];
    rawDocsPerS: number;
    seedDocsPerS: number;
    ratio: number;
  };
  hits: Record<string, { paths: number; targets: Record<string, TargetResult> }>;
  miss?: {
    queries: number;
    missStates: Record<string, number>;
    hitStates: Record<string, number>;
    miss: LatencySummary;
    esTook: LatencySummary;
    overheadMs: LatencySummary;
    hit: LatencySummary;
    ratioP50: number;
  };
  stampede: {
    n: number;
    round: number;
    searches: number;
    ok: number;
    non2xx: number;
    errors: number;
    latency: LatencySummary;
  }[];
  writeStream?: { paths: number; durationS: number; passes?: number; rows: WriteStreamRow[] };
  pushDelay?: { rows: PushDelayRow[] };
  rssMb: Record<string, number>;
  targets: TargetVerdict[];
}

/** One row of the write-stream scenario: Zipf reads at full speed while products are written. */
export interface WriteStreamRow {
  mode: 'default' | 'strict';
  kind: 'stock' | 'title';
  writesPerSTarget: number;
  /** Writes that returned 2xx, per second of the read run. */
  writesPerS: number;
  writeFailures: number;
  /** Beats the writer skipped because too many writes were still in flight. */
  writesSkipped: number;
  writeP99Ms: number;
  readsPerS: number;
  /** reads/s ÷ the no-write row of the same mode, kind and pass, measured just before. */
  readsVsNoWrites: number;
  /**
   * Every pass of this mode, kind and rate, in order: the row itself is the one with the median
   * ratio (the lower of two middles), so one noisy pair does not decide a verdict.
   */
  passes?: { readsPerS: number; readsVsNoWrites: number }[];
  /** Which of `passes` this row is (1-based). */
  pass?: number;
  p50Ms: number;
  p99Ms: number;
  readNon2xx: number;
  readErrors: number;
  /** HIT ÷ all cached-route requests served meanwhile (the API's own counters). */
  hitRatio: number;
  cacheStates: Record<string, number>;
  /** Elasticsearch `query_total` delta of the index ÷ seconds. */
  esSearchesPerS: number;
  /** Elasticsearch's CPU time during the row ÷ its seconds (it shares the machine's cores with the API). */
  esCpuCores?: number;
  /** The API's Elasticsearch round trips by operation (`search` = fills, `texts_listing` = listing checks). */
  esTrips?: Record<string, { perS: number; msEach: number }>;
  /** Seconds waited before the row for Elasticsearch to be at rest. */
  esSettleS?: number;
}

/** One row of the push-delay scenario: B's histogram of A's pushes, B idle or serving the hit mix. */
export interface PushDelayRow {
  load: 'idle' | 'hits';
  /** Writes started on A per second (each in flight until Elasticsearch's refresh). */
  writesPerS: number;
  /** Writes on A that returned 2xx. */
  writes: number;
  /** Pushes B applied meanwhile. */
  pushes: number;
  /** Upper bounds of the histogram buckets holding the 50th / 99th percentile. */
  p50Ms: number;
  p99Ms: number;
  /** Pushes by bucket upper bound (seconds, cumulative). */
  buckets: Record<string, number>;
  readsPerS?: number;
}
