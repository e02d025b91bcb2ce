import type { Product } from './product';

/** A write through the API: `updatedAt` is now; `createdAt` is kept, inherited, or now. */
export function stampedForWrite(product: Product, now: string, existingCreatedAt?: string): Product {
  return { ...product, createdAt: product.createdAt ?? existingCreatedAt ?? now, updatedAt: now };
}

/** A seed load keeps the source's dates and only fills the gaps. */
export function withDefaultTimestamps(product: Product, now: string): Product {
  return {
    ...product,
    createdAt: product.createdAt ?? now,
    updatedAt: product.updatedAt ?? product.createdAt ?? now,
  };
}
