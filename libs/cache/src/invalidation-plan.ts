import type { ProductChange, ProductField } from '@app/catalog';
import { type CacheNamespace, FILTER_FIELDS, type FilterField } from './cache-aside.options';
import type { GenerationRef } from './response-cache.store';

/** The namespace whose responses list products by what matches a request (search, suggest). */
export const LISTINGS: CacheNamespace = 'search';

/**
 * Shown in responses but never matched, filtered or sorted on: retiring what shows them is enough.
 * `stock` counts are only shown; listings filter on `inStock`, which the catalog reports when it flips.
 */
const SHOWN_ONLY: ReadonlySet<ProductField> = new Set<ProductField>(['currency', 'updatedAt', 'stock']);

export interface InvalidationPlan {
  /**
   * Retired before the write returns (or brought up to date in place: ShownPatcher): every response
   * that shows one of these products.
   */
  readonly showing: readonly string[];
  /**
   * Retired before the write returns: the listings that filter or sort on one of these fields and
   * whose text lists one of the products (if they cannot be checked: those fields' generations,
   * within the staleness bound).
   */
  readonly filterFields: readonly FilterField[];
  /** Moved within the staleness bound: listings whose matches or order the change may alter. */
  readonly generations: readonly GenerationRef[];
}

/**
 * What one catalog change retires. Creates, deletes, upserts and changes of any matched field
 * (text, brand, category, tags, dates) may alter any listing: the whole namespace's generation.
 * A change of filter fields only (price, stock, rating) alters just the listings that filter or
 * sort by them and list the product at all. Counts of other listings lag until their TTL (README).
 */
export function planInvalidation(change: ProductChange): InvalidationPlan {
  const showing = change.ids;
  const everyListing = { showing, filterFields: [], generations: [{ namespace: LISTINGS }] };
  if (change.kind !== 'update') return everyListing;
  const matched = change.fields.filter((f) => !SHOWN_ONLY.has(f) && !isFilterField(f));
  if (matched.length > 0) return everyListing;
  return { showing, filterFields: FILTER_FIELDS.filter((f) => change.fields.includes(f)), generations: [] };
}

function isFilterField(field: ProductField): field is FilterField {
  return (FILTER_FIELDS as readonly string[]).includes(field);
}
