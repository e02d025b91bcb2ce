import { ConfigError } from './config-error';
import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy', () => {
  it('trusts nobody by default', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
  });

  it('takes a hop count', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('0')).toBe(0);
  });

  it('takes addresses, CIDRs and range names', () => {
    expect(parseTrustProxy('10.0.0.1, 192.168.0.0/16,::1,fd00::/8,loopback')).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each(['true', 'proxy.example.com', '10.0.0.1/33', '::1/129', '10.0.0.0/8/1', '1.5', '10.0.0.1,', '-1'])(
    'refuses %j with one line naming the variable',
    (value) => {
      expect(() => parseTrustProxy(value)).toThrow(ConfigError);
      expect(() => parseTrustProxy(value)).toThrow(/^Invalid configuration: TRUST_PROXY must be/);
    },
  );
});
