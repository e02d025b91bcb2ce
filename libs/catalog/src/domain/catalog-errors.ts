/** Stable codes clients and the HTTP layer rely on; renaming one is a breaking change. */
export type CatalogErrorCode =
  | 'PRODUCT_NOT_FOUND'
  | 'PRODUCT_ALREADY_EXISTS'
  | 'PRODUCT_ID_MISMATCH'
  | 'INVALID_PRODUCT'
  | 'BULK_TOO_LARGE'
  | 'INVALID_BULK_BODY'
  | 'CATALOG_STORE_UNAVAILABLE';

/** Base of every error the catalog throws on purpose; anything else is a bug. */
export abstract class CatalogError extends Error {
  abstract readonly code: CatalogErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ProductNotFoundError extends CatalogError {
  readonly code = 'PRODUCT_NOT_FOUND';
  constructor(readonly productId: string) {
    super(`Product "${productId}" does not exist.`);
  }
}

export class ProductAlreadyExistsError extends CatalogError {
  readonly code = 'PRODUCT_ALREADY_EXISTS';
  constructor(readonly productId: string) {
    super(`Product "${productId}" already exists; use PUT to replace it.`);
  }
}

export class ProductIdMismatchError extends CatalogError {
  readonly code = 'PRODUCT_ID_MISMATCH';
  constructor(pathId: string, bodyId: string) {
    super(`The body id "${bodyId}" does not match the path id "${pathId}".`);
  }
}

/** The store refused the document itself (e.g. a mapping conflict); retrying will not help. */
export class InvalidProductError extends CatalogError {
  readonly code = 'INVALID_PRODUCT';
}

export class BulkTooLargeError extends CatalogError {
  readonly code = 'BULK_TOO_LARGE';
  constructor(readonly limit: number) {
    super(`A bulk request may hold at most ${limit} products; split it into several requests.`);
  }
}

export class InvalidBulkBodyError extends CatalogError {
  readonly code = 'INVALID_BULK_BODY';
}

/** The store is overloaded or unreachable (429, 5xx, connection errors): worth retrying later. */
export class CatalogStoreUnavailableError extends CatalogError {
  readonly code = 'CATALOG_STORE_UNAVAILABLE';
  constructor(
    message: string,
    readonly status?: number,
    /** The store failed mid-write: the write may have been applied although it was not acknowledged. */
    readonly outcomeUnknown = false,
  ) {
    super(message);
  }
}
