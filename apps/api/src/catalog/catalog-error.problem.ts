import { CatalogError, type CatalogErrorCode } from '@app/catalog';
import { codedErrorProblem } from '../errors/coded-error-problem';

/** The one place catalog error codes become HTTP statuses; a new code fails to compile until mapped. */
export const CATALOG_ERROR_STATUS = {
  PRODUCT_NOT_FOUND: 404,
  PRODUCT_ALREADY_EXISTS: 409,
  PRODUCT_ID_MISMATCH: 400,
  INVALID_PRODUCT: 400,
  BULK_TOO_LARGE: 413,
  INVALID_BULK_BODY: 400,
  CATALOG_STORE_UNAVAILABLE: 503,
} as const satisfies Record<CatalogErrorCode, number>;

export const catalogErrorProblem = codedErrorProblem(
  (error): error is CatalogError => error instanceof CatalogError,
  CATALOG_ERROR_STATUS,
);
