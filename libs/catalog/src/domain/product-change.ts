import type { Product } from './product';

export type ProductField = Exclude<keyof Product, 'id'>;

/**
 * What a catalog write did, as announced to caches:
 * - `create` / `delete`: new or removed products;
 * - `update`: existing products whose `fields` may differ (each field that was written, even to an
 *   equal value, may be listed);
 * - `upsert`: created or replaced without knowing which (bulk loads): any field may differ.
 */
export type ProductChange =
  | { readonly kind: 'create' | 'delete' | 'upsert'; readonly ids: readonly string[] }
  | { readonly kind: 'update'; readonly ids: readonly string[]; readonly fields: readonly ProductField[] };

/** The fields whose values differ between two versions of a product (a missing field counts). */
export function changedFields(before: Product, after: Product): ProductField[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof Product)[]);
  fields.delete('id');
  return [...fields].filter(
    (field): field is ProductField => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );
}
