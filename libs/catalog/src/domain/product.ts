/**
 * A catalog product. Article-like documents (title + long description) use the same shape,
 * with the optional commerce fields left out.
 */
export interface Product {
  id: string;
  title: string;
  description?: string;
  brand?: string;
  category?: string;
  tags?: string[];
  price?: number;
  currency?: string;
  rating?: number;
  stock?: number;
  createdAt?: string;
  updatedAt?: string;
}

/** Limits shared by validation, documentation and tests. */
export const PRODUCT_LIMITS = {
  idMaxLength: 128,
  titleMaxLength: 512,
  descriptionMaxLength: 100_000,
  tagMaxCount: 50,
  tagMaxLength: 64,
  // Brand and category are facets; longer values would not fit the keyword subfield.
  facetMaxLength: 256,
  ratingMax: 5,
  // The index maps stock as a 32-bit integer.
  stockMax: 2_147_483_647,
} as const;
