/**
 * What the push channel's beats prove (InvalidationChannel): a beat sent at `t` that came back
 * means every push Redis took before `t` has been received, since the subscription last came up
 * (what was published while it was down is lost). Something read at `r` after it came up is then
 * vouched for up to the last such `t`: nothing can have changed it unseen before that. The L1's
 * copies and the generations this instance knows are bounded by the same proof.
 */
export class DeliveryProof {
  private deliveredUpToMs = 0;
  private upSinceMs = Number.POSITIVE_INFINITY;

  constructor(private readonly now: () => number = Date.now) {}

  /** A beat sent at `sentAtMs` (this instance's clock) came back. */
  delivered(sentAtMs: number): void {
    if (sentAtMs > this.deliveredUpToMs) this.deliveredUpToMs = sentAtMs;
  }

  /** The subscription came (back) up: what was read before proves nothing from here on. */
  restarted(): void {
    this.upSinceMs = this.now();
  }

  /** Since when what a read sent at `readAtMs` found is known to be unchanged. */
  vouchedAt(readAtMs: number): number {
    return readAtMs >= this.upSinceMs && this.deliveredUpToMs > readAtMs ? this.deliveredUpToMs : readAtMs;
  }
}
