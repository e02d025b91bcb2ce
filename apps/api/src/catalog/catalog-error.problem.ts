import { STATUS_CODES } from 'node:http';
import { CatalogError, type CatalogErrorCode } from '@app/catalog';
import type { ErrorProblemMapper, Problem } from '@app/observability';

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

const RETRY_AFTER_SECONDS = 5;

export const catalogErrorProblem: ErrorProblemMapper = (error) => {
  if (!(error instanceof CatalogError)) return undefined;
  const status = CATALOG_ERROR_STATUS[error.code];
  const problem: Problem = {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: error.message,
    code: error.code,
  };
  if (status === 503) problem.retryAfterSeconds = RETRY_AFTER_SECONDS;
  return problem;
};
