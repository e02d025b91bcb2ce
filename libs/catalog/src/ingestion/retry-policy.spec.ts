import { backoffDelayMs, isTransientStatus } from './retry-policy';

describe('retry policy', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles the ceiling per attempt and caps it', () => {
    const top = (attempt: number): number => backoffDelayMs(attempt, { ...policy, random: () => 1 });
    expect([0, 1, 2, 3, 4, 5].map(top)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('keeps at least half of the ceiling whatever the jitter', () => {
    expect(backoffDelayMs(2, { ...policy, random: () => 0 })).toBe(200);
  });

  it.each([
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [404, false],
    [409, false],
  ])('treats %i as transient: %s', (status, transient) => {
    expect(isTransientStatus(status)).toBe(transient);
  });
});
