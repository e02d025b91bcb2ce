/** A rejected record: `line` for input that never reached the store, `id` for a store refusal. */
export type IngestionError = { line: number; reason: string } | { id: string; reason: string };

export interface IngestionReport {
  /** Records received (blank NDJSON lines are not records). Always `indexed + failed`. */
  sent: number;
  indexed: number;
  /** Of `indexed`, how many were new ids (the rest replaced existing documents). */
  created: number;
  failed: number;
  /** Whole-batch or per-item retries performed. */
  retries: number;
  errors: IngestionError[];
}

type SortableError = IngestionError & { order: number };

/** Collects outcomes from concurrent batches; errors come out in input order. */
export class IngestionTally {
  indexed = 0;
  created = 0;
  retries = 0;
  private readonly errors: SortableError[] = [];

  constructor(private readonly onProgress?: (processed: number) => void) {}

  succeeded(created: boolean): void {
    this.indexed++;
    if (created) this.created++;
    this.progress();
  }

  rejected(error: IngestionError, order: number): void {
    this.errors.push({ ...error, order });
    this.progress();
  }

  report(): IngestionReport {
    const errors = [...this.errors]
      .sort((a, b) => a.order - b.order)
      .map(({ order: _order, ...error }) => error);
    const failed = errors.length;
    return {
      sent: this.indexed + failed,
      indexed: this.indexed,
      created: this.created,
      failed,
      retries: this.retries,
      errors,
    };
  }

  private progress(): void {
    this.onProgress?.(this.indexed + this.errors.length);
  }
}
