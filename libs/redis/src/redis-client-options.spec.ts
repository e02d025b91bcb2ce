import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisClientOptions, redisNodeAccess } from './redis-client-options';

describe('redisClientOptions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-client-options-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nnot-checked-here\n-----END CERTIFICATE-----\n');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const options = (url: string, tlsCaFile?: string) => redisClientOptions(url, tlsCaFile);

  it('leaves redis:// to the URL alone (credentials included)', () => {
    expect(options('redis://user:pw@cache.internal:6379/2')).toEqual({
      url: 'redis://user:pw@cache.internal:6379/2',
    });
  });

  it('over rediss:// sends the host name as SNI', () => {
    expect(options('rediss://default:pw@cache.example.com:6380')).toEqual({
      url: 'rediss://default:pw@cache.example.com:6380',
      socket: { tls: true, servername: 'cache.example.com' },
    });
  });

  it.each(['rediss://127.0.0.1:6380', 'rediss://[::1]:6380'])('sends no SNI to an IP address (%s)', (url) => {
    expect(options(url).socket).toEqual({ tls: true });
  });

  it('trusts the private CA of REDIS_TLS_CA_FILE', () => {
    const ca = options('rediss://cache.example.com', caFile).socket?.ca;
    expect(Buffer.isBuffer(ca) && ca.toString()).toContain('BEGIN CERTIFICATE');
  });

  describe('redisNodeAccess (Sentinel, Cluster)', () => {
    it('takes the decoded credentials of the URL, no TLS for redis://', () => {
      expect(redisNodeAccess('redis://app:p%40ss@10.0.0.1:26379')).toEqual({
        username: 'app',
        password: 'p@ss',
      });
    });

    it('over rediss:// uses the private CA and no SNI (nodes are reached by the addresses Redis reports)', () => {
      const access = redisNodeAccess('rediss://:pw@cache.example.com:7001', caFile);
      expect(access).toMatchObject({ password: 'pw', socket: { tls: true } });
      expect(access.socket?.servername).toBeUndefined();
      expect(String(access.socket?.ca)).toContain('BEGIN CERTIFICATE');
    });
  });
});
