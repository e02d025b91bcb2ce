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
  return settleWithin(operation, timeoutMs, identity, rethrow);
}

/**
 * `withTimeout(operation).then(onValue, onError)` in one promise: this runs on every cache hit
 * that reads Redis, where each promise counts. `onError` gets the call's failure, its timeout, or
 * what `onValue` threw.
 */
export function settleWithin<T, R>(
  operation: Promise<T>,
  timeoutMs: number,
  onValue: (value: T) => R,
  onError: (error: Error) => R,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    // A late answer (after the timeout) reaches neither handler.
    let settled = false;
    const failed = (error: unknown): void => {
      settled = true;
      try {
        resolve(onError(error instanceof Error ? error : new Error(String(error))));
      } catch (thrown) {
        reject(thrown instanceof Error ? thrown : new Error(String(thrown)));
      }
    };
    // Node runs due timers before it reads sockets: after a busy stretch the deadline is seen
    // before an answer already waiting on the socket. The verdict waits for that read (setImmediate).
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (!settled) failed(new RedisTimeoutError(`no answer within ${timeoutMs} ms`));
        }),
      timeoutMs,
    );
    operation.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        let result: R;
        try {
          result = onValue(value);
        } catch (error) {
          failed(error);
          return;
        }
        resolve(result);
      },
      (error: unknown) => {
        if (settled) return;
        clearTimeout(timer);
        failed(error);
      },
    );
  });
}

const identity = <T>(value: T): T => value;

function rethrow(error: Error): never {
  throw error;
}
