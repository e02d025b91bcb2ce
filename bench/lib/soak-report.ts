/** The soak's schedule, per-minute rows, verdict and printed lines (no I/O: unit-tested). */

export interface SoakMinute {
  minute: number;
  /** Reads answered per second, both instances together. */
  reqPerS: number;
  /** p99 of each instance's reads this minute, ms. */
  p99Ms: number[];
  fiveXx: number;
  /** The 5xx by status: 503 (unavailable) and 504 (a search past ELASTICSEARCH_TIMEOUT_MS) tell apart an outage from a slow cluster. */
  fiveXxByStatus: Record<string, number>;
  /** Reads answered with any other non-2xx status (or not answered). */
  otherFailures: number;
  hitRatio: number;
  writes: { ok: number; unavailable: number; other: number };
  /** RSS of each API instance at the end of the minute, MB. */
  rssMb: number[];
  events: string[];
}

export interface SoakEvent {
  atS: number;
  what: string;
}

export interface ScheduledFault {
  name: string;
  injectAtS: number;
  repairAtS: number;
}

/**
 * When each fault happens, as shares of the run: the Elasticsearch node dies at 20 % and is
 * restarted at 35 %, the Redis master at 55 % / 70 %; the rest of the run shows the recovery.
 */
export function faultSchedule(durationS: number, faults: readonly string[]): ScheduledFault[] {
  const slots = [
    [0.2, 0.35],
    [0.55, 0.7],
  ];
  return faults.map((name, i) => ({
    name,
    injectAtS: Math.round(durationS * slots[i % slots.length][0]),
    repairAtS: Math.round(durationS * slots[i % slots.length][1]),
  }));
}

export interface SoakVerdict {
  target: string;
  measured: string;
  pass: boolean;
}

/**
 * The targets: no 5xx over the run, and each instance's RSS growing at most 10 % over it,
 * from the end of the first loaded minute (right after the warm-up a process has not yet met
 * concurrent load: its heap is still growing to its working size, which is not growth over time).
 */
export function soakVerdict(minutes: readonly SoakMinute[]): SoakVerdict[] {
  const fiveXx = minutes.reduce((sum, m) => sum + m.fiveXx, 0);
  const first = minutes.at(0);
  const last = minutes.at(-1);
  const growth = (first?.rssMb ?? []).map((base, i) => (last ? last.rssMb[i] / base - 1 : Number.NaN));
  return [
    { target: '0 × 5xx on reads', measured: String(fiveXx), pass: fiveXx === 0 },
    {
      target: 'RSS growth ≤ 10 % per instance (first loaded minute → end)',
      measured: growth.map((g) => `${(g * 100).toFixed(1)} %`).join(', '),
      pass: growth.length > 0 && growth.every((g) => g <= 0.1),
    },
  ];
}

export function minuteLine(m: SoakMinute): string {
  const p99 = m.p99Ms.map((v) => v.toFixed(0)).join('/');
  const rss = m.rssMb.map((v) => v.toFixed(0)).join('/');
  const events = m.events.length > 0 ? `  ← ${m.events.join('; ')}` : '';
  return (
    `min ${String(m.minute).padStart(2)}: ${m.reqPerS.toFixed(0).padStart(5)} req/s, p99 ${p99} ms, ` +
    `5xx ${m.fiveXx}${fiveXxDetail(m.fiveXxByStatus)}, other failures ${m.otherFailures}, hit ratio ${m.hitRatio.toFixed(3)}, ` +
    `writes ${m.writes.ok} ok / ${m.writes.unavailable} × 503 / ${m.writes.other} other, RSS ${rss} MB${events}`
  );
}

function fiveXxDetail(byStatus: Record<string, number>): string {
  const parts = Object.entries(byStatus).map(([status, count]) => `${status}×${count}`);
  return parts.length > 0 ? ` (${parts.join(' ')})` : '';
}

/** Hits over everything served between two readings of the counters. */
export function hitRatioBetween(before: Record<string, number>, after: Record<string, number>): number {
  let total = 0;
  for (const [state, count] of Object.entries(after)) total += count - (before[state] ?? 0);
  const hits = (after.hit ?? 0) - (before.hit ?? 0);
  return total > 0 ? hits / total : Number.NaN;
}
