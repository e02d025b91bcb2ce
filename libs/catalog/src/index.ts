export type { Product } from './domain/product';
export { PRODUCT_LIMITS } from './domain/product';
