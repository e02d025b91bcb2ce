/**
 * Runs tasks once the event loop's turn has run its I/O callbacks: one `setImmediate` for all the
 * tasks queued in that turn, in the order they were queued. A task handles its own errors.
 */
export class EndOfTurn {
  private tasks: (() => void)[] = [];

  run(task: () => void): void {
    if (this.tasks.push(task) === 1) setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    const tasks = this.tasks;
    // Tasks queued while these run wait for the next turn.
    this.tasks = [];
    for (const task of tasks) task();
  };
}
