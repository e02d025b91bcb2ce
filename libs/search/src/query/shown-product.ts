import type { Product, ProductField } from '@app/catalog';
import type { SearchHit, SuggestResponse } from '../search-response';
import type { ListingBody } from './listing-patch';

/**
 * Fields whose write changes a search response that shows the product only in that product's hit:
 * shown, but never matched, highlighted, sorted on or counted in a facet (`updatedAt` is not even
 * shown; which listings filter on `inStock` is the listing rule's, not the hit's).
 */
const HIT_ONLY: ReadonlySet<ProductField> = new Set<ProductField>([
  'stock',
  'currency',
  'updatedAt',
  'inStock',
]);
/** What a suggestion shows of a product, and all a suggest request matches on. */
const SUGGESTED: ReadonlySet<ProductField> = new Set<ProductField>(['title', 'brand']);

/** A hit's values of the HIT_ONLY fields, as a search maps them from the product. */
export function hitOnlyValues(
  product: Pick<Product, 'currency' | 'stock'>,
): Pick<SearchHit, 'currency' | 'stock'> {
  return { currency: product.currency ?? null, stock: product.stock ?? null };
}

/**
 * A stored search showing `product`, as a search would answer it after a write of `fields` (the
 * same object when its hit shows these values already); undefined when only a search can tell.
 */
export function searchShowingProduct(
  body: ListingBody,
  product: Product,
  fields: readonly ProductField[],
): ListingBody | undefined {
  if (!fields.every((field) => HIT_ONLY.has(field))) return undefined;
  const values = hitOnlyValues(product);
  const differs = (hit: SearchHit): boolean =>
    hit.id === product.id && (hit.stock !== values.stock || hit.currency !== values.currency);
  if (!body.hits.some(differs)) return body;
  // Spread over the hit: its keys keep their order, so the bytes are a fresh search's.
  return { ...body, hits: body.hits.map((hit) => (differs(hit) ? { ...hit, ...values } : hit)) };
}

/** A stored suggest answer stays as it is unless the write changed what it matches and shows. */
export function suggestShowingProduct(
  body: SuggestResponse,
  _product: Product,
  fields: readonly ProductField[],
): SuggestResponse | undefined {
  return fields.some((field) => SUGGESTED.has(field)) ? undefined : body;
}
