import { onlyHits, roundSpread } from './report';
import type { LoadRound, TargetResult } from './results';

function target(rates: number[]): TargetResult {
  const rounds = rates.map((reqPerSec) => ({ reqPerSec }) as LoadRound);
  const sorted = [...rates].sort((a, b) => a - b);
  const middle = sorted[Math.floor(sorted.length / 2)];
  return { label: 'x', rounds, median: { reqPerSec: middle } as TargetResult['median'] };
}

describe('roundSpread', () => {
  it("pairs each target's rounds with (h)'s of the same round, sorted, with their median", () => {
    const [line] = roundSpread({
      h: target([100, 200, 150]),
      ours: target([150, 160, 120]),
      oursL2: target([70, 140, 90]),
    });
    // Per round 1.50, 0.80, 0.80: median 0.80, where the medians' ratio reads 150 ÷ 150 = 1.00.
    expect(line).toContain('ours ÷ (h) 0.80 · 0.80 · 1.50 (median 0.80×)');
    expect(line).toContain('L1 off ÷ (h) 0.60 · 0.70 · 0.70 (median 0.70×)');
    expect(line).not.toContain('control');
  });

  it('says so when the control (a), which does less than (h), reads below it', () => {
    const [line] = roundSpread({ h: target([100, 100, 100]), a: target([90, 80, 120]) });
    expect(line).toContain('control (a) ÷ (h) 0.80 · 0.90 · 1.20 (median 0.90×)');
    expect(line).toContain('The control reads below 1.00×');
  });

  it('is silent about the control when (a) reads at least (h)', () => {
    const [line] = roundSpread({ h: target([100, 100, 100]), a: target([110, 105, 120]) });
    expect(line).toContain('control (a) ÷ (h)');
    expect(line).not.toContain('The control reads');
  });

  it('has nothing to say without (h)', () => {
    expect(roundSpread({ ours: target([1, 2, 3]) })).toEqual([]);
  });
});

describe('onlyHits', () => {
  const counted = (notHits: (number | undefined)[]): TargetResult => ({
    label: 'ours',
    rounds: notHits.map((n) => ({ responses: 1000, notHits: n }) as LoadRound),
    median: {} as TargetResult['median'],
  });

  it('says every response of ours was a hit when none of its rounds counted another outcome', () => {
    expect(onlyHits({ ours: counted([0, 0]), h: counted([undefined]) })).toEqual([
      '',
      "Every measured response of ours was a HIT (the API's own counters).",
    ]);
  });

  it('names the target and how many responses were not hits', () => {
    const [, line] = onlyHits({ ours: counted([0, 0]), oursL2: { ...counted([3, 4]), label: 'L1 off' } });
    expect(line).toContain('L1 off: 7 of 2000');
    expect(line).not.toContain('ours:');
  });

  it('has nothing to say when no target counted its outcomes', () => {
    expect(onlyHits({ h: counted([undefined]) })).toEqual([]);
  });
});
