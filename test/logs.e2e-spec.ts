import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childEnv } from './support/child-env';
import { dropTestData } from './support/cleanup';
import { eventually } from './support/es';
import { freePort } from './support/free-port';
import { testConfig } from './support/test-config';
import { API_MAIN as MAIN, assertBuilt } from './support/paths';

const QUERY = '/search?q=e2e%20pretty%20logs';
// eslint-disable-next-line no-control-regex -- terminal color codes are what this spec looks for
const ANSI = /\u001b\[\d+m/g;

/** What the API wrote while serving: stdout (its logs) and stderr; the id of its one write. */
interface Output {
  readonly out: string;
  readonly err: string;
  readonly writeId: string | null;
}

/**
 * The compiled API as the demo runs it (development, LOG_FORMAT unset): one miss, one hit, then
 * a 404 read and a 404 write (requests Fastify routes, as a miss is), and a product created;
 * stopped once its output matches `until`.
 */
async function missThenHit(
  spawnApi: (env: Record<string, string>) => ChildProcess,
  { logLevel = 'info', until = /./ }: { logLevel?: string; until?: RegExp } = {},
): Promise<Output> {
  const config = testConfig();
  // The OS's pick, not a random number that may be some connection's local port right now.
  const port = String(await freePort());
  const child = spawnApi(childEnv(config, { PORT: port, LOG_LEVEL: logLevel, NODE_ENV: 'development' }));
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
    expect((await fetch(`${url}/catalog/products/e2e-logs-nope`)).status).toBe(404);
    const write = { method: 'PATCH', body: '{"stock":1}', headers: { 'content-type': 'application/json' } };
    // Development mode without ADMIN_API_KEY: writes are open, and this product does not exist.
    expect((await fetch(`${url}/catalog/products/e2e-logs-nope`, write)).status).toBe(404);
    const created = await fetch(`${url}/catalog/products`, {
      ...write,
      method: 'POST',
      body: '{"id":"e2e-logs-new","title":"Logged lamp"}',
    });
    expect(created.status).toBe(201);
    await eventually(() =>
      until.test(out) ? Promise.resolve() : Promise.reject(new Error(`no line matching ${String(until)}`)),
    );
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the API exited on its own');
    return { out, err, writeId: created.headers.get('x-request-id') };
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
    const { out } = await missThenHit((env) =>
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

  it("are JSON lines with the structured fields when piped, a write's invalidation naming it", async () => {
    const { out, writeId } = await missThenHit(
      (env) => spawn(process.execPath, [MAIN], { env, detached: true }),
      // The write's invalidation lines (debug) are written before it returns, read from the pipe then.
      { logLevel: 'debug', until: /"event":"cache\.invalidated"/ },
    );
    expect(out).not.toMatch(ANSI);
    const logs = out
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs).toContainEqual(expect.objectContaining({ event: 'cache.miss', cache: 'MISS' }));
    expect(logs).toContainEqual(expect.objectContaining({ event: 'cache.store', ttlMs: 60_000 }));
    const hit = logs.find((log) => log.event === 'cache.hit');
    expect(hit).toMatchObject({ cache: 'HIT', req: { url: QUERY } });
    expect(writeId).toEqual(expect.any(String));
    // The catalog announces the write before it returns: its lines are out by then.
    expect(logs.find((log) => log.event === 'cache.invalidated' && log.kind === 'create')).toMatchObject({
      req: { id: writeId, method: 'POST', url: '/catalog/products' },
    });
  });

  it('name their request without an AsyncLocalStorage: none is entered while serving', async () => {
    // Entering one turns on Node's async hooks for every promise of the process, cache hits included.
    const tripwire = join(mkdtempSync(join(tmpdir(), 'logs-e2e-')), 'tripwire.js');
    writeFileSync(
      tripwire,
      `const { AsyncLocalStorage } = require('node:async_hooks');
for (const name of ['run', 'enterWith']) {
  const original = AsyncLocalStorage.prototype[name];
  AsyncLocalStorage.prototype[name] = function (...args) {
    process.stderr.write('AsyncLocalStorage.' + name + ' entered\\n');
    return original.apply(this, args);
  };
}
`,
    );
    const { out, err } = await missThenHit((env) =>
      spawn(process.execPath, ['-r', tripwire, MAIN], { env, detached: true }),
    );
    const logs = out
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs.find((log) => log.event === 'elasticsearch.query')).toMatchObject({ req: { url: QUERY } });
    expect(logs.find((log) => log.event === 'cache.miss')).toMatchObject({ req: { url: QUERY } });
    expect(err).not.toContain('AsyncLocalStorage');
  });
});
