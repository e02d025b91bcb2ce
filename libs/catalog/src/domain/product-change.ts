import type { Product } from './product';

/**
 * A field of the product, or `inStock`: whether it can be bought (stock > 0), which is all that
 * listings filter on — a stock count moving from 5 to 4 changes no listing, 1 to 0 does.
 */
export type ProductField = Exclude<keyof Product, 'id'> | 'inStock';

/**
 * What a catalog write did, as announced to caches:
 * - `create` / `delete`: new or removed products;
 * - `update`: existing products whose `fields` may differ (each field that was written, even to an
 *   equal value, may be listed), and the publisher's mark from before it was sent;
 * - `upsert`: created or replaced without knowing which (bulk loads): any field may differ.
 */
export type ProductChange =
  | { readonly kind: 'create' | 'delete' | 'upsert'; readonly ids: readonly string[] }
  | {
      readonly kind: 'update';
      readonly ids: readonly string[];
      readonly fields: readonly ProductField[];
      /** CatalogChangePublisher.writeStarting's mark, taken before the write was sent. */
      readonly startedAt?: number;
      /**
       * One product's state as the store holds it after this write: what shows it can be brought
       * up to date from it instead of being loaded again.
       */
      readonly product?: Product;
    };

/** The fields a patch writes (`inStock` with `stock`: whether it flips is known only after). */
export function patchedFields(patch: Partial<Product>): ProductField[] {
  const fields = Object.entries(patch)
    .filter(([field, value]) => field !== 'id' && value !== undefined)
    .map(([field]) => field as Exclude<keyof Product, 'id'>);
  return fields.includes('stock') ? [...fields, 'inStock'] : fields;
}

/** The fields whose values differ between two versions of a product (a missing field counts). */
export function changedFields(before: Product, after: Product): ProductField[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof Product)[]);
  fields.delete('id');
  const changed = [...fields].filter(
    (field): field is Exclude<keyof Product, 'id'> =>
      JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );
  return isInStock(before) === isInStock(after) ? changed : [...changed, 'inStock'];
}

/** As the search filter `inStock` reads it: no stock recorded counts as out of stock. */
function isInStock(product: Product): boolean {
  return (product.stock ?? 0) > 0;
}
