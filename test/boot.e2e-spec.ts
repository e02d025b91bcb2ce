import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv } from './support/child-env';
import { dropTestData } from './support/cleanup';
import { eventually } from './support/es';
import { freePort } from './support/free-port';
import { testConfig } from './support/test-config';
import { API_MAIN as MAIN, assertBuilt } from './support/paths';

function run(
  env: Record<string, string>,
  cwd?: string,
): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, [MAIN], { env, cwd });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exit };
}

describe('the compiled API process (npm run start:prod)', () => {
  beforeAll(() => {
    assertBuilt(MAIN);
  });

  it.each([
    [{ PORT: '80a' }, /^Invalid configuration: PORT: /],
    [{ ELASTICSEARCH_NODE: 'localhost:9200' }, /^Invalid configuration: ELASTICSEARCH_NODE: .*http\(s\) URL/],
    [{ REDIS_URL: 'http://x' }, /^Invalid configuration: REDIS_URL: /],
    // A URL node-redis would choke on, and the error it would throw, carry the password: never printed.
    [
      { REDIS_URL: 'rediss://default:e2e/boot-secret@127.0.0.1:6380' },
      /^Invalid configuration: REDIS_URL: not a valid URL(?!.*boot-secret)/,
    ],
    [
      {
        REDIS_URL: 'rediss://default:e2e-boot-secret@127.0.0.1:6380',
        REDIS_TLS_CA_FILE: '/nonexistent/ca.pem',
      },
      /^Invalid configuration: REDIS_TLS_CA_FILE: cannot read \/nonexistent\/ca\.pem \(ENOENT\)$/,
    ],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL: /],
  ])('refuses %j with one readable line and exit code 1', async (env, message) => {
    const proc = run(childEnv(testConfig(), env));
    expect(await proc.exit).toBe(1);
    const lines = proc.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  describe('with a .env file in its working directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'e2e-dotenv-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const healthy = async (port: string) => {
      const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      return res?.status === 200;
    };

    it.each([
      ['takes PORT from .env when the environment does not set it', false],
      ['lets the real PORT variable win over .env', true],
    ])('%s', async (_case, realVariable) => {
      const config = testConfig();
      const [filePort, envPort] = [String(await freePort()), String(await freePort())];
      writeFileSync(join(dir, '.env'), `PORT=${filePort}\nLOG_LEVEL=warn\n`);
      const expected = realVariable ? envPort : filePort;
      const proc = run(childEnv(config, realVariable ? { PORT: envPort } : {}), dir);
      try {
        expect(
          await eventually(async () =>
            (await healthy(expected)) ? true : Promise.reject(new Error('down')),
          ),
        ).toBe(true);
        if (realVariable) expect(await healthy(filePort)).toBe(false);
      } finally {
        proc.child.kill('SIGKILL');
        await dropTestData(config);
      }
    });

    it('refuses a bad value from .env with one readable line and exit code 1', async () => {
      writeFileSync(join(dir, '.env'), 'CACHE_TTL_MS=soon\n');
      const proc = run(childEnv(testConfig()), dir);
      expect(await proc.exit).toBe(1);
      expect(proc.output().trim().split('\n')).toEqual([
        expect.stringMatching(/^Invalid configuration: CACHE_TTL_MS: /),
      ]);
    });
  });

  it('serves, then shuts down gracefully on SIGTERM', async () => {
    const config = testConfig();
    const port = String(await freePort());
    const proc = run(childEnv(config, { PORT: port, LOG_LEVEL: 'info' }));
    try {
      const ready = await eventually(async () => {
        const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
        if (res.status !== 200) throw new Error(`ready ${res.status}`);
        return res;
      });
      expect(ready.status).toBe(200);
      proc.child.kill('SIGTERM');
      expect(await proc.exit).toBe(0);
      expect(proc.output()).toContain('shutdown complete');
      expect(proc.output()).not.toMatch(/UnhandledPromiseRejection|unhandled/i);
    } finally {
      proc.child.kill('SIGKILL');
      await dropTestData(config);
    }
  });
});
