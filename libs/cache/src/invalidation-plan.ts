import type { ProductChange, ProductField } from '@app/catalog';
import { type CacheNamespace, FILTER_FIELDS, type FilterField } from './cache-aside.options';
import type { GenerationRef } from './response-cache.store';

/** The namespaces whose responses list products by what matches a request. */
export const LISTINGS: CacheNamespace = 'search';
export const SUGGESTIONS: CacheNamespace = 'suggest';

/**
 * Shown in responses but never matched, filtered or sorted on: retiring what shows them is enough.
 * `stock` counts are only shown; listings filter on `inStock`, which the catalog reports when it flips.
 */
const SHOWN_ONLY: ReadonlySet<ProductField> = new Set<ProductField>(['currency', 'updatedAt', 'stock']);
/**
 * Matched by a search's text only (never filtered, sorted or counted in facets): a change of them
 * alters the searches whose text listed the product before or lists it after. Suggestions match
 * the title by prefix.
 */
const TEXT_ONLY: ReadonlySet<ProductField> = new Set<ProductField>(['title', 'description']);
const SUGGESTED: ProductField = 'title';

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
  /**
   * Retired before the write returns: the searches whose text listed one of the products before
   * the write or lists it after (if they cannot be checked: the namespace's generation, within
   * the staleness bound).
   */
  readonly byText: boolean;
  /** Moved within the staleness bound: listings whose matches or order the change may alter. */
  readonly generations: readonly GenerationRef[];
}

/**
 * What one catalog change retires. Creates, deletes, upserts and changes of matched fields that
 * filters or facets also read (brand, category, tags, dates) may alter any listing: the listing
 * namespaces' generations. A change of the text alone (title, description) alters the searches
 * whose text listed or lists the product, and suggestions (by generation); a change of filter
 * fields alone (price, stock, rating) just the listings that filter or sort by them and list the
 * product at all. Counts of other listings lag until their TTL (README).
 */
export function planInvalidation(change: ProductChange): InvalidationPlan {
  const showing = change.ids;
  const none = { showing, filterFields: [], byText: false, generations: [] };
  const everyListing = { ...none, generations: [{ namespace: LISTINGS }, { namespace: SUGGESTIONS }] };
  if (change.kind !== 'update') return everyListing;
  const fields = change.fields;
  const filterFields = FILTER_FIELDS.filter((f) => fields.includes(f));
  const matched = fields.filter((f) => !SHOWN_ONLY.has(f) && !isFilterField(f));
  if (matched.length === 0) return { ...none, filterFields };
  // Text and filters together, or any other matched field: every listing.
  if (filterFields.length > 0 || !matched.every((f) => TEXT_ONLY.has(f))) return everyListing;
  const suggestions = matched.includes(SUGGESTED) ? [{ namespace: SUGGESTIONS }] : [];
  return { ...none, byText: true, generations: suggestions };
}

function isFilterField(field: ProductField): field is FilterField {
  return (FILTER_FIELDS as readonly string[]).includes(field);
}
