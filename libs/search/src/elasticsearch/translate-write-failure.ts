import { errors } from '@elastic/elasticsearch';
import { CatalogError, CatalogStoreUnavailableError, InvalidProductError } from '@app/catalog';
import { neverSent, outcomeUnknown } from './request-policy';

type ErrorBody = { error?: { type?: string; reason?: string; caused_by?: { reason?: string } } } | undefined;

/**
 * Turns a failed Elasticsearch write into a catalog error with a stable code. 429/5xx and
 * connection problems are transient; a 400 means the document itself was refused (for example a
 * mapping conflict); anything else is unexpected and stays as it is (a 500 with the details logged).
 */
export function translateWriteFailure(error: unknown): unknown {
  if (error instanceof CatalogError) return error;
  // Clients read these messages: they say what happened to the write, not where our nodes are.
  if (neverSent(error)) {
    return new CatalogStoreUnavailableError('the catalog store is unreachable; nothing was written');
  }
  if (outcomeUnknown(error)) return inFlight('the catalog store failed while the write was in flight');
  if (!(error instanceof errors.ResponseError)) return error;
  const status = error.statusCode ?? 0;
  // A node lost between the one we asked and the primary (502 and the like): the primary may
  // have applied it. 503 (no primary to write to) and 429 (rejected) were not applied.
  if (status >= 500 && status !== 503) return inFlight(`the catalog store failed (HTTP ${status})`, status);
  // 401/403: our credentials are refused — the operator's problem, an outage for the client.
  if (status === 401 || status === 403 || status === 429 || status === 503) {
    return new CatalogStoreUnavailableError(`the catalog store is unavailable (HTTP ${status})`, status);
  }
  if (status === 404 && errorType(error) === 'index_not_found_exception') {
    return new CatalogStoreUnavailableError('the products index does not exist yet', 503);
  }
  if (status === 400)
    return new InvalidProductError(`the product was refused: ${describeEsError(error.body)}`);
  return error;
}

function inFlight(what: string, status?: number): CatalogStoreUnavailableError {
  return new CatalogStoreUnavailableError(
    `${what}; the write may or may not have been applied — read the product back before retrying`,
    status,
    true,
  );
}

/** A failed read of the catalog store (nothing was written, whatever happened to it). */
export function translateReadFailure(error: unknown): unknown {
  if (error instanceof CatalogError) return error;
  if (neverSent(error) || outcomeUnknown(error) || unavailableStatus(error)) {
    return new CatalogStoreUnavailableError('the catalog store is unavailable');
  }
  return error;
}

function unavailableStatus(error: unknown): boolean {
  if (!(error instanceof errors.ResponseError)) return false;
  const status = error.statusCode ?? 0;
  if (status === 404) return errorType(error) === 'index_not_found_exception';
  return status === 401 || status === 403 || status === 429 || status >= 500;
}

export function errorType(error: errors.ResponseError): string | undefined {
  return (error.body as ErrorBody)?.error?.type;
}

/** `type: reason (cause)` of an Elasticsearch error object, without stack or internals. */
export function describeEsError(body: unknown): string {
  const error = (body as ErrorBody)?.error ?? (body as NonNullable<ErrorBody>['error']);
  if (!error) return 'unknown error';
  const cause = error.caused_by?.reason;
  return `${error.type ?? 'error'}: ${error.reason ?? ''}${cause ? ` (${cause})` : ''}`;
}
