import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfigFromProcess } from './load-config';

describe('.env files under the real environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'env-files-'));
  const envFile = join(dir, '.env');
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ['PORT', 'CACHE_TTL_MS', 'LOG_LEVEL', 'RATE_LIMIT_READ_PER_MIN']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the variables the environment does not set', () => {
    delete process.env.PORT;
    delete process.env.CACHE_TTL_MS;
    writeFileSync(envFile, '# a comment\nPORT=4123\nCACHE_TTL_MS="2500"\nexport LOG_LEVEL=debug\n');
    const config = loadConfigFromProcess({}, [envFile]);
    expect(config.http.port).toBe(4123);
    expect(config.cache.defaultTtlMs).toBe(2500);
    expect(config.logLevel).toBe('debug');
  });

  it('lets a real environment variable win over the file, and explicit overrides over both', () => {
    writeFileSync(envFile, 'PORT=4123\nRATE_LIMIT_READ_PER_MIN=5\nCACHE_TTL_MS=2500\n');
    process.env.PORT = '4999';
    process.env.CACHE_TTL_MS = '';
    const config = loadConfigFromProcess({ RATE_LIMIT_READ_PER_MIN: '9' }, [envFile]);
    expect(config.http.port).toBe(4999);
    expect(config.rateLimit.readPerMinute).toBe(9);
    // Set but empty in the environment counts as unset, as in compose files: the file applies.
    expect(config.cache.defaultTtlMs).toBe(2500);
  });

  it('takes the first file that sets a variable, and skips files that do not exist', () => {
    delete process.env.PORT;
    const local = join(dir, '.env.local');
    writeFileSync(local, 'PORT=4001\n');
    writeFileSync(envFile, 'PORT=4002\nCACHE_TTL_MS=700\n');
    const config = loadConfigFromProcess({}, [join(dir, 'missing.env'), local, envFile]);
    expect(config.http.port).toBe(4001);
    expect(config.cache.defaultTtlMs).toBe(700);
  });

  it('fails with one line naming the variable when the file holds a bad value', () => {
    delete process.env.PORT;
    writeFileSync(envFile, 'PORT=80a\n');
    expect(() => loadConfigFromProcess({}, [envFile])).toThrow(/^Invalid configuration: PORT: /);
  });

  it('fails with one line when a .env path cannot be read', () => {
    const notAFile = join(dir, 'a-directory');
    mkdirSync(notAFile);
    const load = () => loadConfigFromProcess({}, [notAFile]);
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/^Invalid configuration: cannot read .*a-directory \(EISDIR\)$/);
  });
});
