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
export async function withTimeout<T>(operation: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([operation, expired]);
  } finally {
    clearTimeout(timer);
  }
}
