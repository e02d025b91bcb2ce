import { RATE_LIMIT_WINDOW_MS } from './rate-limit';

/** How long counts stay local before they are added to the shared counters. */
export const READ_LIMIT_SYNC_MS = 100;

/** Counters every instance adds to (Redis: RedisWindowCounters). */
export interface SharedWindowCounters {
  readonly available: boolean;
  add(counts: ReadonlyMap<string, number>, expireMs: number): Promise<ReadonlyMap<string, number>>;
}

interface ClientCount {
  /** The fleet-wide total at this instance's last sync (it includes what this instance sent). */
  shared: number;
  /** Sent, reply not back yet. */
  inflight: number;
  /** Counted here, not sent yet. */
  pending: number;
}

/**
 * The read limit (RATE_LIMIT_READ_PER_MIN per client address and fixed minute, shared by every
 * instance), counted without a Redis command on most requests:
 * - each read is counted in process at once; the counts go to Redis in one pipeline at most
 *   READ_LIMIT_SYNC_MS later, and the reply tells this instance the fleet-wide totals;
 * - while a client's count as this instance knows it (fleet total at its last sync + its own
 *   since) stays at or below the limit minus a margin (10 %, at least 1), the read is let through
 *   at once; past that, every read of that client waits for a sync and is decided on the fleet
 *   total, as exactly as a Redis counter per request would.
 * How exact: on one instance, exact. Across instances, a client can go over the limit only by the
 * reads other instances let through on a view older than one sync, i.e. what it sends to each of
 * them within READ_LIMIT_SYNC_MS (plus a Redis round trip) of crossing limit − margin.
 * Fails open: while Redis is away nothing is refused (an outage of the cache must not become an
 * outage of the API), as the write limit does.
 */
export class ReadRateLimiter {
  private window = -1;
  private clients = new Map<string, ClientCount>();
  private timer?: NodeJS.Timeout;
  private readonly margin: number;

  constructor(
    private readonly counters: SharedWindowCounters,
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {
    this.margin = Math.max(1, Math.ceil(limit / 10));
  }

  /** Counts one read of `client`: 0 if allowed, else the seconds until its window ends. */
  take(client: string): number | Promise<number> {
    if (!this.counters.available) return 0;
    const nowMs = this.now();
    const window = Math.floor(nowMs / RATE_LIMIT_WINDOW_MS);
    if (window !== this.window) {
      this.window = window;
      this.clients = new Map();
    }
    let count = this.clients.get(client);
    if (!count) {
      count = { shared: 0, inflight: 0, pending: 0 };
      this.clients.set(client, count);
    }
    count.pending++;
    if (total(count) <= this.limit - this.margin) {
      this.schedule();
      return 0;
    }
    const known = count;
    return this.sync().then((synced) =>
      synced && total(known) > this.limit
        ? Math.max(1, Math.ceil(((window + 1) * RATE_LIMIT_WINDOW_MS - nowMs) / 1000))
        : 0,
    );
  }

  /** Sends every pending count; false if Redis did not answer (then nothing is refused). */
  sync(): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const window = this.window;
    const sent = new Map<string, [ClientCount, number]>();
    for (const [client, count] of this.clients) {
      if (count.pending === 0) continue;
      sent.set(`read:${client}:${window}`, [count, count.pending]);
      count.inflight += count.pending;
      count.pending = 0;
    }
    if (sent.size === 0) return Promise.resolve(true);
    const batch = new Map([...sent].map(([key, [, n]]) => [key, n]));
    return this.counters.add(batch, RATE_LIMIT_WINDOW_MS * 2).then(
      (totals) => {
        for (const [key, [count, n]] of sent) {
          count.inflight -= n;
          count.shared = Math.max(count.shared, totals.get(key) ?? 0);
        }
        return true;
      },
      () => {
        for (const [count, n] of sent.values()) count.inflight -= n;
        return false;
      },
    );
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.sync(), READ_LIMIT_SYNC_MS);
    this.timer.unref();
  }
}

function total(count: ClientCount): number {
  return count.shared + count.inflight + count.pending;
}
