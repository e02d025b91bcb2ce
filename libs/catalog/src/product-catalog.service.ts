import { Injectable, Logger } from '@nestjs/common';
import type { LoggedRequest } from '@app/observability';
import { CatalogChangePublisher } from './catalog-change.publisher';
import {
  BulkTooLargeError,
  CatalogStoreUnavailableError,
  InvalidBulkBodyError,
  ProductIdMismatchError,
  ProductNotFoundError,
} from './domain/catalog-errors';
import type { Product } from './domain/product';
import { changedFields, patchedFields, type ProductChange } from './domain/product-change';
import type { ProductPatch } from './domain/product-patch';
import { stampedForWrite } from './domain/timestamps';
import { BulkIngestionService } from './ingestion/bulk-ingestion.service';
import type { IngestionReport } from './ingestion/ingestion-report';
import { parseJsonArrayItems } from './ingestion/json-array.parser';
import { ndjsonLines, parseNdjsonLines } from './ingestion/ndjson.parser';
import type { SourceEntry } from './ingestion/source-entry';
import { ProductRepository } from './product.repository';

export const BULK_LIMITS = { maxRecords: 10_000, batchSize: 1_000, concurrency: 2 } as const;
// An HTTP client is waiting: retry briefly, then report the items as failed.
const HTTP_RETRY = { maxAttempts: 3, baseDelayMs: 100 };

/**
 * Catalog use cases behind the HTTP API: every write is searchable on return and announced. A
 * write's `req` is its HTTP request, named by the log lines of its announcement.
 */
@Injectable()
export class ProductCatalog {
  private readonly logger = new Logger(ProductCatalog.name);

  constructor(
    private readonly repository: ProductRepository,
    private readonly ingestion: BulkIngestionService,
    private readonly publisher: CatalogChangePublisher,
  ) {}

  async get(id: string): Promise<Product> {
    const product = await this.repository.get(id);
    if (!product) throw new ProductNotFoundError(id);
    return product;
  }

  async create(input: Product, req?: LoggedRequest): Promise<Product> {
    const product = stampedForWrite(input, now());
    await this.unacknowledged([product.id], this.repository.create(product), req);
    await this.changed({ kind: 'create', ids: [product.id] }, req);
    return product;
  }

  /** PUT: the path id wins; a different body id is a client mistake, not a rename. */
  async replace(
    id: string,
    input: Omit<Product, 'id'> & { id?: string },
    req?: LoggedRequest,
  ): Promise<Product> {
    if (input.id !== undefined && input.id !== id) throw new ProductIdMismatchError(id, input.id);
    const existing = await this.repository.get(id);
    const product = stampedForWrite({ ...input, id }, now(), existing?.createdAt);
    const fields = existing ? changedFields(existing, product) : [];
    const startedAt = existing ? await this.publisher.writeStarting({ ids: [id], fields }) : undefined;
    await this.unacknowledged([id], this.repository.put(product), req);
    await this.changed(
      existing ? { kind: 'update', ids: [id], fields, startedAt, product } : { kind: 'create', ids: [id] },
      req,
    );
    return product;
  }

  async patch(id: string, patch: ProductPatch, req?: LoggedRequest): Promise<Product> {
    const startedAt = await this.publisher.writeStarting({ ids: [id], fields: patchedFields(patch) });
    const patched = await this.unacknowledged(
      [id],
      this.repository.patch(id, { ...patch, updatedAt: now() }),
      req,
    );
    if (!patched) throw new ProductNotFoundError(id);
    await this.changed(
      {
        kind: 'update',
        ids: [id],
        fields: changedFields(patched.before, patched.after),
        startedAt,
        product: patched.after,
      },
      req,
    );
    return patched.after;
  }

  async delete(id: string, req?: LoggedRequest): Promise<void> {
    if (!(await this.unacknowledged([id], this.repository.delete(id), req)))
      throw new ProductNotFoundError(id);
    await this.changed({ kind: 'delete', ids: [id] }, req);
  }

  /** NDJSON body, one product per line. */
  async bulkFromNdjson(body: string, req?: LoggedRequest): Promise<IngestionReport> {
    const lines = ndjsonLines(body);
    if (lines.length > BULK_LIMITS.maxRecords) throw new BulkTooLargeError(BULK_LIMITS.maxRecords);
    return this.bulk(parseNdjsonLines(lines), req);
  }

  async bulkFromJson(body: unknown, req?: LoggedRequest): Promise<IngestionReport> {
    if (!Array.isArray(body))
      throw new InvalidBulkBodyError('A JSON bulk body must be an array of products.');
    if (body.length > BULK_LIMITS.maxRecords) throw new BulkTooLargeError(BULK_LIMITS.maxRecords);
    return this.bulk(parseJsonArrayItems(body), req);
  }

  private async bulk(entries: SourceEntry[], req?: LoggedRequest): Promise<IngestionReport> {
    const stamp = now();
    const stamped = entries.map((e) =>
      'product' in e ? { ...e, product: stampedForWrite(e.product, stamp) } : e,
    );
    const report = await this.ingestion.ingest(stamped, {
      batchSize: BULK_LIMITS.batchSize,
      concurrency: BULK_LIMITS.concurrency,
      refresh: 'wait_for',
      retry: HTTP_RETRY,
    });
    // One announcement per request; ids of records that failed are harmless extras.
    const ids = stamped.flatMap((e) => ('product' in e ? [e.product.id] : []));
    if (report.indexed > 0) await this.changed({ kind: 'upsert', ids }, req);
    return report;
  }

  /**
   * A write the store failed mid-way may have been applied: its products' cached responses are
   * retired as for any change (harmless if it was not), then the 503 goes to the client.
   */
  private async unacknowledged<T>(
    ids: readonly string[],
    write: Promise<T>,
    req?: LoggedRequest,
  ): Promise<T> {
    try {
      return await write;
    } catch (error) {
      if (error instanceof CatalogStoreUnavailableError && error.outcomeUnknown) {
        await this.changed({ kind: 'upsert', ids }, req);
      }
      throw error;
    }
  }

  private async changed(change: ProductChange, req?: LoggedRequest): Promise<void> {
    try {
      await this.publisher.productsChanged(change, req);
    } catch (error) {
      // The write stands; caches serve stale results until their TTL at worst.
      this.logger.error({ err: error, req }, 'catalog change notification failed');
    }
  }
}

function now(): string {
  return new Date().toISOString();
}
