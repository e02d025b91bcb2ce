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
  // One promise and one timer, not an async function racing a second promise: this runs on every
  // cache hit, and each promise is extra work for the process-wide async hooks pino's request
  // context keeps on.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new RedisTimeoutError(`no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    operation.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
