import { RedisTimeoutError, withTimeout } from './with-timeout';

describe('withTimeout', () => {
  const never = new Promise<string>(() => undefined);

  it('passes an answer that comes in time through', async () => {
    await expect(withTimeout(Promise.resolve('PONG'), 50)).resolves.toBe('PONG');
  });

  it('passes a failure that comes in time through', async () => {
    await expect(withTimeout(Promise.reject(new Error('ECONNRESET')), 50)).rejects.toThrow('ECONNRESET');
  });

  it('gives up on a call that never answers (a hung Redis) after the timeout', async () => {
    const startedMs = performance.now();
    await expect(withTimeout(never, 30)).rejects.toBeInstanceOf(RedisTimeoutError);
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(25);
    expect(performance.now() - startedMs).toBeLessThan(1_000);
  });
});
