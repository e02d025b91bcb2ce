import { loadConfig } from './load-config';

describe('Redis topology', () => {
  it('is one server at REDIS_URL by default', () => {
    expect(loadConfig({}).redis.topology).toEqual({ kind: 'standalone' });
    expect(loadConfig({}).redis.url).toBe('redis://127.0.0.1:6379');
  });

  it('takes sentinels as host:port or URLs, with the master name', () => {
    const config = loadConfig({
      REDIS_SENTINELS: '127.0.0.1:26379, redis://127.0.0.1:26380',
      REDIS_SENTINEL_NAME: 'catalog',
    });
    expect(config.redis.topology).toEqual({
      kind: 'sentinel',
      nodes: ['redis://127.0.0.1:26379', 'redis://127.0.0.1:26380'],
      name: 'catalog',
    });
  });

  it('takes cluster seed nodes as URLs', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: 'redis://127.0.0.1:7001,redis://127.0.0.1:7002' });
    expect(config.redis.topology).toEqual({
      kind: 'cluster',
      nodes: ['redis://127.0.0.1:7001', 'redis://127.0.0.1:7002'],
    });
  });

  it.each([
    [
      { REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'redis://b:7001' },
      /^Invalid configuration: set one Redis topology: REDIS_URL and REDIS_CLUSTER_NODES are both set/,
    ],
    [
      { REDIS_SENTINELS: 'a:26379', REDIS_SENTINEL_NAME: 'm', REDIS_CLUSTER_NODES: 'redis://b:7001' },
      /set one Redis topology: REDIS_SENTINELS and REDIS_CLUSTER_NODES/,
    ],
    [{ REDIS_SENTINELS: 'a:26379' }, /REDIS_SENTINELS and REDIS_SENTINEL_NAME must be set together/],
    [{ REDIS_SENTINEL_NAME: 'm' }, /REDIS_SENTINELS and REDIS_SENTINEL_NAME must be set together/],
    [
      { REDIS_SENTINELS: 'a', REDIS_SENTINEL_NAME: 'm' },
      /REDIS_SENTINELS: each node needs a host and a port/,
    ],
    [
      { REDIS_CLUSTER_NODES: 'b:7001' },
      /REDIS_CLUSTER_NODES: every entry must be a redis:\/\/ or rediss:\/\/ URL/,
    ],
    [{ REDIS_CLUSTER_NODES: ' , ' }, /REDIS_CLUSTER_NODES: list at least one node/],
    [
      { REDIS_CLUSTER_NODES: 'redis://:one@b:7001,redis://:two@c:7002' },
      /REDIS_CLUSTER_NODES: every node must use the same scheme .* and credentials$/,
    ],
    [
      { REDIS_CLUSTER_NODES: 'rediss://b:7001,redis://c:7002' },
      /REDIS_CLUSTER_NODES: every node must use the same scheme/,
    ],
  ])('refuses %j with one readable line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a password it cannot parse', () => {
    const load = () => loadConfig({ REDIS_CLUSTER_NODES: 'redis://:se#cret-x@b:7001' });
    expect(load).toThrow(/^Invalid configuration: REDIS_CLUSTER_NODES: not a valid URL(?!.*cret-x)/);
  });

  it('refuses REDIS_TLS_CA_FILE when the cluster nodes are not rediss://', () => {
    expect(() =>
      loadConfig({ REDIS_CLUSTER_NODES: 'redis://b:7001', REDIS_TLS_CA_FILE: __filename }),
    ).toThrow(/REDIS_TLS_CA_FILE: set, but REDIS_CLUSTER_NODES is not rediss:\/\//);
  });
});
