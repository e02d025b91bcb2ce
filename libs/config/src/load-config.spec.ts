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
});
