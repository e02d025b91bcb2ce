import { type ChildProcess, spawn } from 'node:child_process';
import { API_MAIN, assertBuilt } from './support/paths';
import { childEnv } from './support/child-env';
import { dropTestData } from './support/cleanup';
import { eventually } from './support/es';
import { freePort } from './support/free-port';
import { TcpProxy } from './support/tcp-proxy';
import { testConfig } from './support/test-config';

/**
 * SIGTERM to the compiled API while a request is in flight (Elasticsearch slowed down by a proxy):
 * the request still completes with 200, new connections are refused, the process exits 0 with
 * no unhandled rejection.
 */
describe('graceful shutdown (compiled API process)', () => {
  let proxy: TcpProxy;
  let child: ChildProcess | undefined;
  const config = testConfig();

  beforeAll(async () => {
    assertBuilt(API_MAIN);
    proxy = await TcpProxy.start(config.elasticsearch.nodes[0]);
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await proxy.close();
    await dropTestData(config);
  });

  it('lets the in-flight request finish, then exits 0', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const proc = spawn(process.execPath, [API_MAIN], {
      env: childEnv(config, {
        PORT: String(port),
        LOG_LEVEL: 'info',
        ELASTICSEARCH_NODE: proxy.url,
        ELASTICSEARCH_TIMEOUT_MS: '15000',
        RATE_LIMIT_READ_PER_MIN: '0',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let output = '';
    proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));

    await eventually(async () => {
      const res = await fetch(`${url}/health/ready`);
      if (res.status !== 200) throw new Error(`ready ${res.status}`);
    }, 30_000);

    proxy.delayMs = 1_500;
    const sentMs = performance.now();
    const inFlight = fetch(`${url}/search?q=inflight`).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { total?: unknown },
      elapsedMs: performance.now() - sentMs,
    }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const signalledMs = performance.now() - sentMs;
    proc.kill('SIGTERM');

    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(answered.body.total).toBeDefined();
    // It was still waiting on Elasticsearch when the signal arrived.
    expect(answered.elapsedMs).toBeGreaterThan(signalledMs + 500);
    // Exit 0 within the 10 s drain bound: the client's keep-alive connection did not hold it open.
    expect(await exited).toBe(0);
    expect(output).toContain('shutdown complete');
    expect(output).not.toMatch(/unhandled|UnhandledPromiseRejection/i);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
