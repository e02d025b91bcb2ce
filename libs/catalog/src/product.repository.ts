import type { Product } from './domain/product';
import type { ProductPatch } from './domain/product-patch';

/** `wait_for`: visible to search when the call returns; `false`: the caller refreshes later. */
export type RefreshPolicy = 'wait_for' | false;

export type BulkItemResult =
  { id: string; ok: true; created: boolean } | { id: string; ok: false; status: number; reason: string };

export interface PatchedProduct {
  readonly before: Product;
  readonly after: Product;
}

/**
 * Where products are stored (the Elasticsearch adapter lives in libs/search).
 *
 * Contract:
 * - Single-document writes (`create`, `put`, `patch`, `delete`) are visible to search when they
 *   resolve (refresh `wait_for`).
 * - A document the store refuses (e.g. a mapping conflict) throws `InvalidProductError`; an
 *   overloaded or unreachable store throws `CatalogStoreUnavailableError` (worth retrying).
 * - `bulkUpsert` answers one result per input, in input order. It throws only when the request as a
 *   whole failed; per-item failures come back as `ok: false` with the store's status
 *   (429 and 5xx are transient, other 4xx are final).
 */
export abstract class ProductRepository {
  abstract get(id: string): Promise<Product | undefined>;
  /** Throws `ProductAlreadyExistsError` when the id is taken. */
  abstract create(product: Product): Promise<void>;
  /** Creates or replaces the whole document. */
  abstract put(product: Product): Promise<void>;
  /**
   * Merges the fields into the stored document; `undefined` when there is no such product.
   * `before` is exactly the version the patch was applied to (no other write in between), so
   * the caller can tell what changed.
   */
  abstract patch(id: string, patch: ProductPatch): Promise<PatchedProduct | undefined>;
  /** `false` when there was no such product. */
  abstract delete(id: string): Promise<boolean>;
  abstract bulkUpsert(
    products: readonly Product[],
    options: { refresh: RefreshPolicy },
  ): Promise<BulkItemResult[]>;
  abstract count(): Promise<number>;
  /** Makes everything written so far visible to search (after loading with refresh off). */
  abstract refresh(): Promise<void>;
}
