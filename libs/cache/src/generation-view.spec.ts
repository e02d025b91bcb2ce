import { DeliveryProof } from './delivery-proof';
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
  let proof: DeliveryProof;
  const view = (): GenerationView => new GenerationView(1_000, proof, () => nowMs);
  beforeEach(() => {
    nowMs = 10_000;
    proof = new DeliveryProof(() => nowMs);
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
    // A push for a generation it never read is not trusted: it is read with the next lookup.
    v.pushed('other', state(3));
    expect(v.trusted(['other'])).toBeUndefined();
  });

  it('keeps a push for a generation not read yet: a read answered before that move cannot take it back', () => {
    const v = view();
    v.pushed('g', state(9));
    v.confirm('g', state(8), 9_990);
    expect(v.trusted(['g'])).toEqual([state(9)]);
  });

  it('trusts past CACHE_L1_MAX_AGE_MS after the read while beats prove delivery, until the bound after the last one', () => {
    const v = view();
    proof.restarted();
    v.confirm('g', state(5), 10_000);
    for (nowMs = 10_250; nowMs <= 15_000; nowMs += 250) {
      proof.delivered(nowMs - 10);
      expect(v.trusted(['g'])).toEqual([state(5)]);
    }
    // The last beat came back at 14,990: trusted until 15,990.
    nowMs = 15_990;
    expect(v.trusted(['g'])).toEqual([state(5)]);
    nowMs = 15_991;
    expect(v.trusted(['g'])).toBeUndefined();
  });

  it('a read from before the subscription came (back) up is not vouched for by later beats', () => {
    const v = view();
    v.confirm('g', state(5), 10_000);
    nowMs = 10_100;
    proof.restarted();
    proof.delivered(10_900);
    nowMs = 11_001;
    expect(v.trusted(['g'])).toBeUndefined();
    v.confirm('g', state(5), 11_001);
    proof.delivered(11_900);
    nowMs = 12_500;
    expect(v.trusted(['g'])).toEqual([state(5)]);
  });

  it('never goes back to an older value (a read that raced with a newer push)', () => {
    const v = view();
    v.confirm('g', state(5), 10_000);
    v.pushed('g', state(9));
    v.confirm('g', state(6), 10_100);
    expect(v.trusted(['g'])).toEqual([state(9)]);
  });
});
