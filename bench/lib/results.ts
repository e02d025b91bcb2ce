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
  rssMb: Record<string, number>;
  targets: TargetVerdict[];
}
