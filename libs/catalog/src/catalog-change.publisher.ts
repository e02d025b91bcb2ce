import type { LoggedRequest } from '@app/observability';
import type { ProductChange, ProductField } from './domain/product-change';

/** A single write about to be sent: its product and the fields it may change. */
export interface PendingWrite {
  readonly ids: readonly string[];
  readonly fields: readonly ProductField[];
}

/**
 * Told after every successful catalog write (single or bulk), once it is visible to search, so
 * whatever caches catalog responses can retire them. Implementations must not throw for a lost
 * notification they can recover from; callers log a failure but never undo the write.
 */
export abstract class CatalogChangePublisher {
  /**
   * A single write is about to be sent to the store: a mark that orders it after everything
   * cached so far, carried back in its change (`startedAt`). Undefined when there is none (then
   * any cached copy may already show the write). What the products were like before it can be
   * noted here: the write is sent once this resolves. Never throws.
   */
  writeStarting(_pending: PendingWrite): Promise<number | undefined> {
    return Promise.resolve(undefined);
  }

  /**
   * These products were written or deleted. Resolves once nothing cached shows their old state
   * (what else may change — listings, order, counts — follows the implementation's own bounds).
   * `req`: the write's request, named by the log lines of what it retires.
   */
  abstract productsChanged(change: ProductChange, req?: LoggedRequest): Promise<void>;

  /** Any product may differ (a seed, a reindex, an alias swap): retire every catalog response. */
  abstract catalogReplaced(): Promise<void>;

  /** The same products now match differently (synonyms changed): only search results are stale. */
  abstract searchSemanticsChanged(): Promise<void>;
}
