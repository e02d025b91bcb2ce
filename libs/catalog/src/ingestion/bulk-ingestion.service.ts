import { Injectable } from '@nestjs/common';
import { ProductRepository, type RefreshPolicy } from '../product.repository';
import { type BatchItem, sendBatch } from './batch-sender';
import { type IngestionReport, IngestionTally } from './ingestion-report';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import type { SourceEntry } from './source-entry';

export interface IngestOptions {
  batchSize: number;
  /** Batches in flight at once. */
  concurrency: number;
  refresh: RefreshPolicy;
  /** Where to write; defaults to the injected repository (the live alias). */
  target?: ProductRepository;
  retry?: Partial<RetryPolicy>;
  onProgress?: (processed: number) => void;
}

/**
 * Loads a stream of parsed records in batches. Invalid records and duplicate ids are reported
 * by line and never hold back their neighbours; the report always accounts for every record.
 * Does not notify CatalogChangePublisher: callers do, once the data is where readers look.
 */
@Injectable()
export class BulkIngestionService {
  constructor(private readonly repository: ProductRepository) {}

  async ingest(
    entries: Iterable<SourceEntry> | AsyncIterable<SourceEntry>,
    options: IngestOptions,
  ): Promise<IngestionReport> {
    const tally = new IngestionTally(options.onProgress);
    const ctx = {
      target: options.target ?? this.repository,
      refresh: options.refresh,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      tally,
    };
    const inFlight = new Set<Promise<void>>();
    const dispatch = async (batch: BatchItem[]): Promise<void> => {
      const sending = sendBatch(batch, ctx).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      if (inFlight.size >= Math.max(1, options.concurrency)) await Promise.race(inFlight);
    };
    let batch: BatchItem[] = [];
    const firstLineById = new Map<string, number>();
    for await (const entry of entries) {
      if ('reason' in entry) {
        tally.rejected(entry, entry.line);
        continue;
      }
      const first = firstLineById.get(entry.product.id);
      if (first !== undefined) {
        tally.rejected(
          { line: entry.line, reason: `duplicate id "${entry.product.id}" (first on line ${first})` },
          entry.line,
        );
        continue;
      }
      firstLineById.set(entry.product.id, entry.line);
      batch.push(entry);
      if (batch.length >= options.batchSize) {
        await dispatch(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await dispatch(batch);
    await Promise.all(inFlight);
    return tally.report();
  }
}
