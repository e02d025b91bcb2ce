import { Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { RedisTimeoutError, settleWithin, withTimeout } from './with-timeout';

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

  it('times out each call at its own deadline, among calls that answered and calls with other timeouts', async () => {
    let answer!: (value: string) => void;
    const answered = withTimeout(new Promise<string>((resolve) => (answer = resolve)), 40);
    const startedMs = performance.now();
    const first = withTimeout(never, 40).catch((error: unknown) => [error, performance.now() - startedMs]);
    const longer = withTimeout(never, 120).catch((error: unknown) => [error, performance.now() - startedMs]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = withTimeout(never, 40).catch((error: unknown) => [error, performance.now() - startedMs]);
    answer('PONG');
    await expect(answered).resolves.toBe('PONG');
    const [firstError, firstMs] = (await first) as [unknown, number];
    const [secondError, secondMs] = (await second) as [unknown, number];
    const [longerError, longerMs] = (await longer) as [unknown, number];
    for (const error of [firstError, secondError, longerError])
      expect(error).toBeInstanceOf(RedisTimeoutError);
    expect(firstMs).toBeGreaterThanOrEqual(35);
    expect(secondMs).toBeGreaterThanOrEqual(55);
    expect(secondMs).toBeLessThan(longerMs);
    expect(longerMs).toBeGreaterThanOrEqual(115);
    expect(longerMs).toBeLessThan(1_000);
  });

  it('takes an answer that came in time but was read late, because the process was busy', async () => {
    // An echo server on another thread answers over TCP, as Redis would, while this thread stays busy
    // until the answer has been sent and the deadline has passed: both are waiting when it gets back
    // to its event loop, which runs timers before it reads sockets.
    const sent = new Int32Array(new SharedArrayBuffer(4));
    const echo = new Worker(
      `const { parentPort, workerData: sent } = require('node:worker_threads');
       const server = require('node:net').createServer((c) =>
         c.on('data', (d) => c.write(d, () => Atomics.store(sent, 0, 1))));
       server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));`,
      { eval: true, workerData: sent },
    );
    const socket = new Socket();
    try {
      const port = await new Promise<number>((resolve) => echo.once('message', resolve));
      await new Promise<void>((resolve) => socket.connect(port, '127.0.0.1', resolve));
      const answer = new Promise<string>((resolve) => socket.once('data', (data) => resolve(String(data))));
      const call = withTimeout(answer, 20);
      socket.write('PONG');
      const startedMs = performance.now();
      while (
        performance.now() - startedMs < 50 ||
        (Atomics.load(sent, 0) === 0 && performance.now() - startedMs < 5_000)
      );
      expect(Atomics.load(sent, 0)).toBe(1);
      await expect(call).resolves.toBe('PONG');
    } finally {
      socket.destroy();
      await echo.terminate();
    }
  });

  it('lets a late answer go once the call timed out', async () => {
    let answer!: (value: string) => void;
    const call = withTimeout(new Promise<string>((resolve) => (answer = resolve)), 20);
    await expect(call).rejects.toBeInstanceOf(RedisTimeoutError);
    answer('late');
    await expect(withTimeout(Promise.resolve('next'), 20)).resolves.toBe('next');
  });
});

describe('settleWithin', () => {
  const mapped = (value: string): string => `got ${value}`;
  const named = (error: Error): string => `failed: ${error.name} ${error.message}`;

  it('maps an answer that comes in time, and a failure, in one promise', async () => {
    await expect(settleWithin(Promise.resolve('PONG'), 50, mapped, named)).resolves.toBe('got PONG');
    await expect(settleWithin(Promise.reject(new Error('ECONNRESET')), 50, mapped, named)).resolves.toBe(
      'failed: Error ECONNRESET',
    );
  });

  it('hands what the value handler throws to the error handler', async () => {
    const corrupt = (): string => {
      throw new TypeError('corrupt entry');
    };
    await expect(settleWithin(Promise.resolve('x'), 50, corrupt, named)).resolves.toBe(
      'failed: TypeError corrupt entry',
    );
  });

  it('rejects with what the error handler throws', async () => {
    const rethrow = (error: Error): string => {
      throw new Error(`unavailable: ${error.message}`);
    };
    await expect(settleWithin(Promise.reject(new Error('down')), 50, mapped, rethrow)).rejects.toThrow(
      'unavailable: down',
    );
  });

  it('after the timeout, a late answer reaches neither handler', async () => {
    let answer!: (value: string) => void;
    const values: string[] = [];
    const errors: Error[] = [];
    const call = settleWithin(
      new Promise<string>((resolve) => (answer = resolve)),
      20,
      (value) => values.push(value),
      (error) => errors.push(error),
    );
    await call;
    answer('late');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(values).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(RedisTimeoutError);
  });
});
