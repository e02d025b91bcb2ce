import type { LatencySummary } from '../lib/stats';

/** Messages between the orchestrator and the load-generator process (child_process IPC). */
export type LoadCommand =
  | {
      kind: 'cannon';
      id: number;
      /** Origin, e.g. http://127.0.0.1:3901 */
      origin: string;
      /** Paths (with query string) cycled across all connections; one path = a single hot URL. */
      paths: readonly string[];
      connections: number;
      durationS?: number;
      /** Exactly this many requests (stampede: amount = connections, one each). */
      amount?: number;
      /** Pick paths by a Zipf law of this exponent over their order (rank 1 = paths[0]) instead of cycling. */
      zipfExponent?: number;
      /** Request headers sent with every request (e.g. accept-encoding). */
      headers?: Record<string, string>;
    }
  | { kind: 'sequential'; id: number; origin: string; paths: readonly string[] };

export interface CannonResult {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
  reqPerSec: number;
  /** Microsecond-precision latencies of every response (autocannon's own histogram is whole ms). */
  latency: LatencySummary;
  bytesPerResponse: number;
  /** Responses by HTTP status ("200", "503", …). */
  statuses: Record<string, number>;
  /** CPU the load generator used during the run, in ms (user + system). */
  cpuMs: number;
}

export interface SequentialItem {
  path: string;
  status: number;
  latencyMs: number;
  xCache?: string;
  /** Elasticsearch's own `took` of the query this response ran (its `Server-Timing: es;dur`). */
  tookMs?: number;
  bytes: number;
}

export type LoadReply =
  | { kind: 'cannon'; id: number; result: CannonResult }
  | { kind: 'sequential'; id: number; items: SequentialItem[] }
  | { kind: 'error'; id: number; message: string };
