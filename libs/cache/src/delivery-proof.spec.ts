import { DeliveryProof } from './delivery-proof';

describe('DeliveryProof (beats)', () => {
  let nowMs: number;
  let proof: DeliveryProof;
  beforeEach(() => {
    nowMs = 1_000;
    proof = new DeliveryProof(() => nowMs);
  });

  it('vouches for nothing before the subscription is first up', () => {
    proof.delivered(2_000);
    expect(proof.vouchedAt(1_500)).toBe(1_500);
  });

  it('vouches for a read up to the last beat sent after it that came back; a late beat takes nothing back', () => {
    proof.restarted();
    expect(proof.vouchedAt(1_200)).toBe(1_200);
    proof.delivered(1_100);
    expect(proof.vouchedAt(1_200)).toBe(1_200);
    proof.delivered(3_000);
    expect(proof.vouchedAt(1_200)).toBe(3_000);
    proof.delivered(2_000);
    expect(proof.vouchedAt(1_200)).toBe(3_000);
  });

  it('after the subscription was down, beats vouch only for what was read since it came back', () => {
    proof.restarted();
    nowMs = 5_000;
    proof.restarted();
    proof.delivered(6_000);
    expect(proof.vouchedAt(4_000)).toBe(4_000);
    expect(proof.vouchedAt(5_000)).toBe(6_000);
  });
});
