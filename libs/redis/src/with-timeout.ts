/** Thrown when Redis did not answer within the configured timeout. */
export class RedisTimeoutError extends Error {
  override readonly name = 'RedisTimeoutError';
}

/**
 * Bounds a Redis call by wall-clock time. node-redis's per-command `timeout` only covers the
 * time a command waits to be written: once it is on the socket it waits for the reply forever,
 * so a Redis that hangs with its connection open (paused, swapping, stuck on a slow script)
 * would hold every request. The late reply, if it ever comes, is simply ignored.
 */
export function withTimeout<T>(operation: Promise<T>, timeoutMs: number): Promise<T> {
  // One promise, not an async function racing a second one: this runs on every cache hit that
  // reads Redis, and each promise is extra work for the async hooks pino's request context keeps on.
  return new Promise<T>((resolve, reject) => {
    const call = deadlinesOf(timeoutMs).add(reject);
    operation.then(
      (value) => {
        call.reject = undefined;
        resolve(value);
      },
      (error: unknown) => {
        call.reject = undefined;
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

interface PendingCall {
  readonly deadline: number;
  /** Cleared once the call settled. */
  reject?: (error: Error) => void;
}

/**
 * The calls of one timeout, in the order they started, hence by deadline: one timer for the
 * earliest, where a timer per call (armed and cleared on every hit) cost more than the rest of the
 * bookkeeping. Settled calls stay queued until the timer passes them.
 */
class Deadlines {
  private calls: PendingCall[] = [];
  private head = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly timeoutMs: number) {}

  add(reject: (error: Error) => void): PendingCall {
    const call: PendingCall = { deadline: performance.now() + this.timeoutMs, reject };
    this.calls.push(call);
    if (!this.timer) this.arm(this.timeoutMs);
    return call;
  }

  private readonly expire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    while (this.head < this.calls.length) {
      const call = this.calls[this.head];
      if (call.reject && call.deadline > now) break;
      this.head++;
      call.reject?.(new RedisTimeoutError(`no answer within ${this.timeoutMs} ms`));
    }
    if (this.head === this.calls.length) {
      this.calls = [];
      this.head = 0;
      return;
    }
    if (this.head > 1024 && this.head * 2 > this.calls.length) {
      this.calls = this.calls.slice(this.head);
      this.head = 0;
    }
    this.arm(this.calls[this.head].deadline - now);
  };

  /** Unref'd: the timer may outlive every call it bounds, and must not hold a process that is done. */
  private arm(delayMs: number): void {
    this.timer = setTimeout(this.expire, Math.max(1, Math.ceil(delayMs))).unref();
  }
}

const deadlines = new Map<number, Deadlines>();

function deadlinesOf(timeoutMs: number): Deadlines {
  let queue = deadlines.get(timeoutMs);
  if (!queue) deadlines.set(timeoutMs, (queue = new Deadlines(timeoutMs)));
  return queue;
}
