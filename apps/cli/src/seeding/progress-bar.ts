import { SingleBar } from 'cli-progress';
import type { SeedProgress } from './seed-runner';

/**
 * A progress bar on stderr with the running docs/s. cli-progress draws nothing when stderr is
 * not a terminal, so scripts and tests only see the summary line.
 */
export class ProgressBar implements SeedProgress {
  private readonly bar = new SingleBar({
    format: 'seeding [{bar}] {percentage}% | {value}/{total} docs | {rate} docs/s | ETA {remaining}',
    hideCursor: true,
  });
  private startedAt = 0;
  private total = 0;

  start(total: number): void {
    this.startedAt = performance.now();
    this.total = total;
    this.bar.start(total, 0, { rate: 0, remaining: '?' });
  }

  update(processed: number): void {
    const seconds = (performance.now() - this.startedAt) / 1000;
    // The overall rate, not cli-progress' short window: batches finish in bursts.
    const rate = seconds > 0 ? processed / seconds : 0;
    const remaining = rate > 0 ? `${Math.ceil((this.total - processed) / rate)}s` : '?';
    this.bar.update(processed, { rate: Math.round(rate), remaining });
  }

  stop(): void {
    this.bar.stop();
  }
}
