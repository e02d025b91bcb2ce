import { type ChildProcess, spawn } from 'node:child_process';
import { childEnv } from './support/child-env';
import { dropTestData } from './support/cleanup';
import { eventually } from './support/es';
import { freePort } from './support/free-port';
import { testConfig } from './support/test-config';
import { API_MAIN as MAIN, assertBuilt } from './support/paths';

const QUERY = '/search?q=e2e%20pretty%20logs';
// eslint-disable-next-line no-control-regex -- terminal color codes are what this spec looks for
const ANSI = /\u001b\[\d+m/g;

/** The compiled API as the demo runs it (development, LOG_FORMAT unset), one miss then one hit. */
async function missThenHit(spawnApi: (env: Record<string, string>) => ChildProcess): Promise<string> {
  const config = testConfig();
  // The OS's pick, not a random number that may be some connection's local port right now.
  const port = String(await freePort());
  const child = spawnApi(childEnv(config, { PORT: port, LOG_LEVEL: 'info', NODE_ENV: 'development' }));
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  try {
    const url = `http://127.0.0.1:${port}`;
    await eventually(async () => {
      if ((await fetch(`${url}/health/ready`)).status !== 200) throw new Error('not ready');
    });
    expect((await fetch(url + QUERY)).headers.get('x-cache')).toBe('MISS');
    expect((await fetch(url + QUERY)).headers.get('x-cache')).toBe('HIT');
    await eventually(() =>
      /served from redis/.test(out) ? Promise.resolve() : Promise.reject(new Error('no hit line yet')),
    );
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the API exited on its own');
    return out;
  } catch (error) {
    // What the API said, so a failure shows why (it may have exited on its own).
    throw new Error(
      `${String(error)}\nthe API's stdout:\n${out.slice(-2_000)}\nstderr:\n${err.slice(-2_000)}`,
    );
  } finally {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group is gone already: the catch above reports why.
    }
    await dropTestData(config);
  }
}

describe('API logs (compiled API)', () => {
  beforeAll(() => {
    assertBuilt(MAIN);
  });

  it('are colored one-liners telling the cache story under a pseudo-terminal (script -qc)', async () => {
    const out = await missThenHit((env) =>
      spawn('script', ['-qfc', `exec "${process.execPath}" "${MAIN}"`, '/dev/null'], { env, detached: true }),
    );
    expect(out).toMatch(ANSI);
    const lines = out.replace(ANSI, '').split(/\r?\n/).filter(Boolean);
    expect(lines.every((line) => /^\[\d\d:\d\d:\d\d\.\d{3}\] (INFO|WARN|ERROR|DEBUG): /.test(line))).toBe(
      true,
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /INFO: MISS GET \/search\?q=e2e pretty logs → elasticsearch \d+ ms → stored in redis \(ttl 60 s\)$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/INFO: HIT GET \/search\?q=e2e pretty logs served from redis \(age \d+ s\)$/),
    );
    expect(out).not.toContain('{"level"');
  });

  it('are JSON lines with the structured fields when piped', async () => {
    const out = await missThenHit((env) => spawn(process.execPath, [MAIN], { env, detached: true }));
    expect(out).not.toMatch(ANSI);
    const logs = out
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs).toContainEqual(expect.objectContaining({ event: 'cache.miss', cache: 'MISS' }));
    expect(logs).toContainEqual(expect.objectContaining({ event: 'cache.store', ttlMs: 60_000 }));
    const hit = logs.find((log) => log.event === 'cache.hit');
    expect(hit).toMatchObject({ cache: 'HIT', req: { url: QUERY } });
  });
});
