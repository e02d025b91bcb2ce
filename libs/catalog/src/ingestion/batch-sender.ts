import { CatalogStoreUnavailableError } from '../domain/catalog-errors';
import type { Product } from '../domain/product';
import type { ProductRepository, RefreshPolicy } from '../product.repository';
import type { IngestionTally } from './ingestion-report';
import { backoffDelayMs, isTransientStatus, type RetryPolicy } from './retry-policy';

/** A valid product with its input position (for ordering errors). */
export interface BatchItem {
  line: number;
  product: Product;
}

interface SendContext {
  target: ProductRepository;
  refresh: RefreshPolicy;
  retry: RetryPolicy;
  tally: IngestionTally;
}

/**
 * Sends one batch, retrying with backoff what may pass later: the whole request when the store
 * is unavailable, or only the items it answered 429/5xx for. Never throws: every item ends up
 * in the tally as indexed or failed.
 */
export async function sendBatch(batch: readonly BatchItem[], ctx: SendContext): Promise<void> {
  let pending = batch;
  for (let attempt = 0; pending.length > 0; attempt++) {
    const lastAttempt = attempt + 1 >= ctx.retry.maxAttempts;
    if (attempt > 0) {
      ctx.tally.retries++;
      await ctx.retry.sleep(backoffDelayMs(attempt - 1, ctx.retry));
    }
    try {
      const results = await ctx.target.bulkUpsert(
        pending.map((item) => item.product),
        { refresh: ctx.refresh },
      );
      pending = settle(pending, results, lastAttempt, ctx.tally);
    } catch (error) {
      if (error instanceof CatalogStoreUnavailableError && !lastAttempt) continue;
      for (const item of pending)
        ctx.tally.rejected({ id: item.product.id, reason: describe(error) }, item.line);
      return;
    }
  }
}

/** Records final outcomes and returns the items worth another attempt. */
function settle(
  pending: readonly BatchItem[],
  results: Awaited<ReturnType<ProductRepository['bulkUpsert']>>,
  lastAttempt: boolean,
  tally: IngestionTally,
): BatchItem[] {
  const again: BatchItem[] = [];
  pending.forEach((item, index) => {
    const result = results[index];
    if (result === undefined) {
      tally.rejected(
        { id: item.product.id, reason: 'the store returned no result for this item' },
        item.line,
      );
    } else if (result.ok) {
      tally.succeeded(result.created);
    } else if (isTransientStatus(result.status) && !lastAttempt) {
      again.push(item);
    } else {
      tally.rejected({ id: item.product.id, reason: result.reason }, item.line);
    }
  });
  return again;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
