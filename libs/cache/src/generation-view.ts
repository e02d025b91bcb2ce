import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { GenerationState } from './generation';

interface Known {
  state: GenerationState;
  /** When the last Redis read (or this instance's own move) that confirmed it was sent. */
  confirmedAtMs: number;
}

/**
 * This instance's view of the generations, so a lookup is one GET of the entry key (a single key:
 * the layout works on Redis Cluster) instead of a read of every generation key it depends on.
 * - This instance's own moves update it at once (the move script returns the new state).
 * - Other instances' moves arrive by push (InvalidationChannel) and update it on receipt.
 * - Whatever happens to the push, a generation is trusted for at most CACHE_L1_MAX_AGE_MS after it
 *   was last read from Redis: then the next lookup reads it again (pushes never extend that), so a
 *   lost or late push delays a move by at most that long.
 */
@Injectable()
export class GenerationView {
  private readonly known = new Map<string, Known>();
  private readonly maxAgeMs: number;

  constructor(
    config: AppConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.maxAgeMs = config.cache.l1.maxAgeMs;
  }

  /** The states of these generation keys if each was confirmed within CACHE_L1_MAX_AGE_MS. */
  trusted(names: readonly string[]): GenerationState[] | undefined {
    const oldestMs = this.now() - this.maxAgeMs;
    const states: GenerationState[] = [];
    for (const name of names) {
      const known = this.known.get(name);
      if (known === undefined || known.confirmedAtMs < oldestMs) return undefined;
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

  /** A move pushed by another instance: newer values are taken, the trust period is not extended. */
  pushed(name: string, state: GenerationState): void {
    const known = this.known.get(name);
    if (!known) return;
    if (state.value > known.state.value) known.state = state;
  }
}
