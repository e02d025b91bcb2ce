import type { Product } from './product';

/** Fields a partial update may change; the id never changes. */
export type ProductPatch = Partial<Omit<Product, 'id'>>;
