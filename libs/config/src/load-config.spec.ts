import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.elasticsearch.nodes).toEqual(['http://127.0.0.1:9200']);
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.cache).toEqual({
      keyPrefix: 'catalog',
      defaultTtlMs: 60_000,
      routeTtlMs: { search: 60_000, suggest: 60_000, product: 60_000 },
      staleWhileRevalidateMs: 0,
      staleIfErrorMs: 300_000,
      lockTtlMs: 10_000,
      searchMaxStalenessMs: 1_000,
      l1: { maxBytes: 64 * 1024 * 1024, maxAgeMs: 1_000 },
      warmTopN: 100,
    });
    expect(config.adminApiKey).toBeUndefined();
    expect(config.rateLimit).toEqual({ readPerMinute: 600, writePerMinute: 60 });
    expect(config.corsOrigins).toEqual([]);
  });

  it('reads rate limits (0 = off) and a CORS origin list', () => {
    const config = loadConfig({
      RATE_LIMIT_READ_PER_MIN: '0',
      RATE_LIMIT_WRITE_PER_MIN: '5',
      CORS_ORIGINS: 'https://shop.example.com, http://localhost:5173',
    });
    expect(config.rateLimit).toEqual({ readPerMinute: 0, writePerMinute: 5 });
    expect(config.corsOrigins).toEqual(['https://shop.example.com', 'http://localhost:5173']);
  });

  it('parses a node list, numbers and optional secrets', () => {
    const config = loadConfig({
      PORT: '8080',
      ELASTICSEARCH_NODE: 'https://a:9200,https://b:9200',
      ELASTICSEARCH_API_KEY: 'abc',
      CACHE_TTL_MS: '1500',
      ADMIN_API_KEY: 'x'.repeat(32),
    });
    expect(config.http.port).toBe(8080);
    expect(config.elasticsearch.nodes).toEqual(['https://a:9200', 'https://b:9200']);
    expect(config.elasticsearch.apiKey).toBe('abc');
    expect(config.cache.defaultTtlMs).toBe(1500);
    expect(config.cache.routeTtlMs).toEqual({ search: 1500, suggest: 1500, product: 1500 });
  });

  it('reads sniffing (default off) and index replicas (default auto)', () => {
    expect(loadConfig({}).elasticsearch).toMatchObject({ sniff: false, indexReplicas: 'auto' });
    expect(loadConfig({ ELASTICSEARCH_SNIFF: 'true', INDEX_REPLICAS: '2' }).elasticsearch).toMatchObject({
      sniff: true,
      indexReplicas: 2,
    });
    expect(() => loadConfig({ ELASTICSEARCH_SNIFF: 'yes' })).toThrow(
      /ELASTICSEARCH_SNIFF must be true or false/,
    );
    expect(() => loadConfig({ INDEX_REPLICAS: '-1' })).toThrow(/INDEX_REPLICAS must be auto or a number/);
    expect(() => loadConfig({ INDEX_REPLICAS: '1x' })).toThrow(/INDEX_REPLICAS/);
  });

  it('takes per-route TTLs over the default', () => {
    const config = loadConfig({ CACHE_TTL_MS: '1000', CACHE_SUGGEST_TTL_MS: '5000' });
    expect(config.cache.routeTtlMs).toEqual({ search: 1000, suggest: 5000, product: 1000 });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', ADMIN_API_KEY: '' }).http.port).toBe(3000);
  });

  it.each([
    ['PORT', '80a'],
    ['PORT', '70000'],
    ['CACHE_TTL_MS', '1.5'],
    ['INDEX_PREFIX', 'Upper'],
    ['INDEX_PREFIX', '_hidden'],
    ['ELASTICSEARCH_NODE', 'localhost:9200'],
    ['REDIS_URL', 'localhost'],
    ['ADMIN_API_KEY', 'short'],
    ['NODE_ENV', 'staging'],
    ['RATE_LIMIT_READ_PER_MIN', '-1'],
    ['CORS_ORIGINS', '*'],
    ['CORS_ORIGINS', 'https://a.example.com/path'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration: ${name}: `));
  });

  it('requires Elasticsearch username and password together', () => {
    expect(() => loadConfig({ ELASTICSEARCH_USERNAME: 'elastic' })).toThrow(/set together/);
  });

  describe('Redis over TLS and CA files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'load-config-'));
    const pem = join(dir, 'ca.pem');
    const notPem = join(dir, 'ca.der');
    const missing = join(dir, 'missing.pem');
    writeFileSync(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    writeFileSync(notPem, 'binary');
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const rediss = 'rediss://default:s3cret@cache.example.com:6380';

    it('takes a rediss:// URL with credentials and a readable CA file', () => {
      const config = loadConfig({ REDIS_URL: rediss, REDIS_TLS_CA_FILE: pem, ELASTICSEARCH_CA_FILE: pem });
      expect(config.redis).toEqual({
        url: rediss,
        topology: { kind: 'standalone' },
        timeoutMs: 250,
        tlsCaFile: pem,
      });
      expect(config.elasticsearch.caFile).toBe(pem);
    });

    it.each([
      ['REDIS_TLS_CA_FILE', 'a missing file', missing, /cannot read .*missing\.pem \(ENOENT\)$/],
      ['REDIS_TLS_CA_FILE', 'a directory', dir, /cannot read .* \(EISDIR\)$/],
      ['REDIS_TLS_CA_FILE', 'a file that is not PEM', notPem, /ca\.der holds no PEM certificate$/],
      ['ELASTICSEARCH_CA_FILE', 'a missing file', missing, /cannot read .*missing\.pem \(ENOENT\)$/],
    ])('fails at boot when %s is %s', (name, _case, path, message) => {
      const load = () => loadConfig({ REDIS_URL: rediss, [name]: path });
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(new RegExp(`^Invalid configuration: ${name}: `));
      expect(load).toThrow(message);
    });

    it('refuses REDIS_TLS_CA_FILE without rediss://, which would silently connect in plain text', () => {
      expect(() => loadConfig({ REDIS_URL: 'redis://cache:6379', REDIS_TLS_CA_FILE: pem })).toThrow(
        /^Invalid configuration: REDIS_TLS_CA_FILE: .*not rediss:\/\//,
      );
    });

    it.each([
      'rediss://default:se/cret@cache.example.com:6380',
      'rediss://default:se#cret@cache.example.com:6380',
      'rediss://default:se%zzcret@cache.example.com:6380',
    ])('rejects a URL node-redis cannot take (%s) without echoing the password', (url) => {
      const load = () => loadConfig({ REDIS_URL: url });
      expect(load).toThrow(/^Invalid configuration: REDIS_URL: not a valid URL/);
      expect(load).not.toThrow(/cret/);
    });
  });
});
