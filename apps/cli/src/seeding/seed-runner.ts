import { Injectable, Logger } from '@nestjs/common';
import {
  BulkIngestionService,
  CatalogChangePublisher,
  generateProducts,
  type IngestionReport,
  openProductFile,
  ProductRepository,
  type SourceEntry,
  withDefaultTimestamps,
} from '@app/catalog';
import { ProductIndexAdmin, ProductIndexRebuilder } from '@app/search';

export type SeedSource = { kind: 'file'; path: string } | { kind: 'generate'; count: number; seed: number };

export interface SeedRequest {
  source: SeedSource;
  /** Build a new index and swap the alias (zero downtime) instead of loading into the live one. */
  recreate: boolean;
  batchSize: number;
  concurrency: number;
}

export interface SeedResult {
  report: IngestionReport;
  elapsedMs: number;
  /** Documents behind the alias after the load, read back from Elasticsearch. */
  count: number;
  /** What `count` must be if nothing was lost: indexed (rebuild) or before + created (live load). */
  expectedCount: number;
  /** Set when the load went into a new index. */
  rebuild?: { index: string; replaced: string[] };
}

export interface SeedProgress {
  start(total: number): void;
  update(processed: number): void;
  stop(): void;
}

/** The seed and reindex commands' work: load a source with refresh off, refresh once, reconcile. */
@Injectable()
export class SeedRunner {
  private readonly logger = new Logger(SeedRunner.name);

  constructor(
    private readonly ingestion: BulkIngestionService,
    private readonly repository: ProductRepository,
    private readonly admin: ProductIndexAdmin,
    private readonly rebuilder: ProductIndexRebuilder,
    private readonly publisher: CatalogChangePublisher,
  ) {}

  async run(request: SeedRequest, progress: SeedProgress): Promise<SeedResult> {
    const { total, entries } = await this.open(request.source);
    const startedAt = performance.now();
    progress.start(total);
    const options = {
      batchSize: request.batchSize,
      concurrency: request.concurrency,
      refresh: false as const,
      onProgress: (processed: number) => progress.update(processed),
    };
    try {
      const result = request.recreate
        ? await this.rebuild(entries, options)
        : await this.loadLive(entries, options);
      await this.announce(result.report);
      return { ...result, elapsedMs: performance.now() - startedAt };
    } finally {
      progress.stop();
    }
  }

  private async loadLive(
    entries: AsyncIterable<SourceEntry> | Iterable<SourceEntry>,
    options: Parameters<BulkIngestionService['ingest']>[1],
  ): Promise<Omit<SeedResult, 'elapsedMs'>> {
    await this.admin.ensureIndex();
    await this.repository.refresh();
    const before = await this.repository.count();
    const report = await this.ingestion.ingest(entries, options);
    await this.repository.refresh();
    const count = await this.repository.count();
    return { report, count, expectedCount: before + report.created };
  }

  private async rebuild(
    entries: AsyncIterable<SourceEntry> | Iterable<SourceEntry>,
    options: Parameters<BulkIngestionService['ingest']>[1],
  ): Promise<Omit<SeedResult, 'elapsedMs'>> {
    const outcome = await this.rebuilder.rebuild((target) =>
      this.ingestion.ingest(entries, { ...options, target }),
    );
    const count = await this.repository.count();
    return {
      report: outcome.load,
      count,
      expectedCount: outcome.load.indexed,
      rebuild: { index: outcome.index, replaced: outcome.replaced },
    };
  }

  private async open(
    source: SeedSource,
  ): Promise<{ total: number; entries: AsyncIterable<SourceEntry> | Iterable<SourceEntry> }> {
    const now = new Date().toISOString();
    if (source.kind === 'file') {
      const file = await openProductFile(source.path);
      return { total: file.total, entries: stampEntries(file.entries, now) };
    }
    return { total: source.count, entries: generatedEntries(source.count, source.seed) };
  }

  private async announce(report: IngestionReport): Promise<void> {
    if (report.indexed === 0) return;
    try {
      // Thousands of products in one load: retire everything at once rather than by id.
      await this.publisher.catalogReplaced();
    } catch (error) {
      this.logger.warn(`the catalog change notification failed: ${String(error)}`);
    }
  }
}

async function* stampEntries(
  entries: AsyncIterable<SourceEntry> | Iterable<SourceEntry>,
  now: string,
): AsyncGenerator<SourceEntry> {
  for await (const entry of entries) {
    yield 'product' in entry ? { ...entry, product: withDefaultTimestamps(entry.product, now) } : entry;
  }
}

async function* generatedEntries(count: number, seed: number): AsyncGenerator<SourceEntry> {
  let line = 0;
  for await (const product of generateProducts(count, seed)) yield { line: ++line, product };
}
