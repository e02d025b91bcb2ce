import { ProductAlreadyExistsError } from '../domain/catalog-errors';
import type { Product } from '../domain/product';
import type { ProductPatch } from '../domain/product-patch';
import { type BulkItemResult, type PatchedProduct, ProductRepository } from '../product.repository';

/** Decides the fate of one bulk item before it is stored; tests use it to inject failures. */
export type BulkItemFault = (
  product: Product,
  call: number,
) => { status: number; reason: string } | undefined;

/** ProductRepository for unit tests: a Map, plus optional injected failures for bulk calls. */
export class InMemoryProductRepository extends ProductRepository {
  readonly products = new Map<string, Product>();
  bulkCalls = 0;
  /** Throw from the whole bulk call (e.g. CatalogStoreUnavailableError) on these call numbers (1-based). */
  requestFailure?: (call: number) => Error | undefined;
  itemFault?: BulkItemFault;

  get(id: string): Promise<Product | undefined> {
    return Promise.resolve(this.products.get(id));
  }

  async create(product: Product): Promise<void> {
    if (this.products.has(product.id)) throw new ProductAlreadyExistsError(product.id);
    await this.put(product);
  }

  put(product: Product): Promise<void> {
    this.products.set(product.id, structuredClone(product));
    return Promise.resolve();
  }

  patch(id: string, patch: ProductPatch): Promise<PatchedProduct | undefined> {
    const existing = this.products.get(id);
    if (!existing) return Promise.resolve(undefined);
    const updated = { ...existing, ...patch };
    this.products.set(id, updated);
    return Promise.resolve({ before: structuredClone(existing), after: structuredClone(updated) });
  }

  delete(id: string): Promise<boolean> {
    return Promise.resolve(this.products.delete(id));
  }

  async bulkUpsert(products: readonly Product[]): Promise<BulkItemResult[]> {
    const call = ++this.bulkCalls;
    const failure = this.requestFailure?.(call);
    if (failure) throw failure;
    return Promise.all(products.map((product) => this.upsertOne(product, call)));
  }

  count(): Promise<number> {
    return Promise.resolve(this.products.size);
  }

  refresh(): Promise<void> {
    return Promise.resolve();
  }

  private async upsertOne(product: Product, call: number): Promise<BulkItemResult> {
    const fault = this.itemFault?.(product, call);
    if (fault) return { id: product.id, ok: false, ...fault };
    const created = !this.products.has(product.id);
    await this.put(product);
    return { id: product.id, ok: true, created };
  }
}
