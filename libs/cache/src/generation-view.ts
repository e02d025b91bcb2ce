import type { DeliveryProof } from './delivery-proof';
import type { GenerationState } from './generation';

interface Known {
  state: GenerationState;
  /**
   * When the last Redis read (or this instance's own move) that confirmed it was sent; -∞: known
   * from a push only, never read.
   */
  confirmedAtMs: number;
}

/**
 * This instance's view of the generations, so a lookup is one GET of the entry key (a single key:
 * the layout works on Redis Cluster) instead of a read of every generation key it depends on.
 * - This instance's own moves update it at once (the move script returns the new state).
 * - Other instances' moves arrive by push (InvalidationChannel) and update it on receipt.
 * - A generation is trusted for at most `maxAgeMs` (CACHE_L1_MAX_AGE_MS) after the later of its
 *   last read from Redis and the channel's last proof of delivery (DeliveryProof, beats: with the
 *   L1 on and not on a Cluster); then the next lookup reads it again. A push alone never extends
 *   that, so a lost or late push delays a move by at most that long.
 */
export class GenerationView {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly maxAgeMs: number,
    private readonly proof: DeliveryProof,
    private readonly now: () => number = Date.now,
  ) {}

  /** The states of these generation keys if each is vouched for within `maxAgeMs`. */
  trusted(names: readonly string[]): GenerationState[] | undefined {
    const oldestMs = this.now() - this.maxAgeMs;
    const states: GenerationState[] = [];
    for (const name of names) {
      const known = this.known.get(name);
      if (known === undefined || this.proof.vouchedAt(known.confirmedAtMs) < oldestMs) return undefined;
      states.push(known.state);
    }
    return states;
  }

  /** What a Redis read (or move) sent at `sentAtMs` found. Never goes back to an older value. */
  confirm(name: string, state: GenerationState, sentAtMs: number): void {
    const known = this.known.get(name);
    if (!known) return void this.known.set(name, { state, confirmedAtMs: sentAtMs });
    if (state.value > known.state.value) known.state = state;
    known.confirmedAtMs = Math.max(known.confirmedAtMs, sentAtMs);
  }

  /**
   * A move pushed by another instance: newer values are taken, the trust period is not extended.
   * Kept even for a generation not read yet: a read in flight may have been answered before the
   * move and arrive after its push.
   */
  pushed(name: string, state: GenerationState): void {
    const known = this.known.get(name);
    if (!known) return void this.known.set(name, { state, confirmedAtMs: Number.NEGATIVE_INFINITY });
    if (state.value > known.state.value) known.state = state;
  }
}
