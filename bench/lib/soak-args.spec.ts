import { parseSoakArgs } from './soak-args';

describe('soak options', () => {
  it('has defaults for a 10-minute run on standalone Redis', () => {
    expect(parseSoakArgs([])).toMatchObject({ minutes: 10, redis: 'standalone', build: true, faults: true });
  });

  it('reads numbers, the Redis topology and the switches; refuses what it does not know', () => {
    expect(
      parseSoakArgs(['--minutes', '2', '--write-rate', '0.5', '--redis', 'sentinel', '--no-build']),
    ).toMatchObject({ minutes: 2, writeRate: 0.5, redis: 'sentinel', build: false });
    expect(() => parseSoakArgs(['--minutes', '0'])).toThrow('--minutes needs a number ≥ 1');
    expect(() => parseSoakArgs(['--redis', 'ring'])).toThrow('--redis takes standalone|sentinel|cluster');
    expect(() => parseSoakArgs(['--fast'])).toThrow('unknown option --fast');
  });
});
