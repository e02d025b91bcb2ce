import { loadConfig } from '@app/config';
import type { GenerationState } from './generation';
import { GenerationView } from './generation-view';

const state = (value: number): GenerationState => ({
  value,
  previous: value - 1,
  movedAtMs: value,
  soft: true,
});

describe('GenerationView', () => {
  let nowMs: number;
  const view = (): GenerationView =>
    new GenerationView(loadConfig({ CACHE_L1_MAX_AGE_MS: '1000' }), () => nowMs);
  beforeEach(() => {
    nowMs = 10_000;
  });

  it('trusts what a Redis read confirmed for CACHE_L1_MAX_AGE_MS after the read was sent, then asks again', () => {
    const v = view();
    expect(v.trusted(['g'])).toBeUndefined();
    v.confirm('g', state(5), 9_500);
    expect(v.trusted(['g'])).toEqual([state(5)]);
    nowMs = 10_500;
    expect(v.trusted(['g'])).toEqual([state(5)]);
    nowMs = 10_501;
    expect(v.trusted(['g'])).toBeUndefined();
    expect(v.trusted([])).toEqual([]);
  });

  it('takes pushed moves at once but never trusts longer because of them (a lost push costs at most the bound)', () => {
    const v = view();
    v.confirm('g', state(5), 10_000);
    v.pushed('g', state(7));
    expect(v.trusted(['g'])).toEqual([state(7)]);
    nowMs = 11_001;
    v.pushed('g', state(8));
    expect(v.trusted(['g'])).toBeUndefined();
    // A push for a generation it never read is ignored: it is read with the next lookup.
    v.pushed('other', state(3));
    expect(v.trusted(['other'])).toBeUndefined();
  });

  it('never goes back to an older value (a read that raced with a newer push)', () => {
    const v = view();
    v.confirm('g', state(5), 10_000);
    v.pushed('g', state(9));
    v.confirm('g', state(6), 10_100);
    expect(v.trusted(['g'])).toEqual([state(9)]);
  });
});
