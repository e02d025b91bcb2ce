import { STATUS_CODES } from 'node:http';
import type { ErrorProblemMapper } from '@app/observability';

/**
 * An Algolia-compatible request this service refuses. Algolia's clients read `message` and
 * `status` from an error body; the problem+json body carries both (`message` as an extension
 * member), so the one error format of the service is also the one those clients understand.
 */
export class AlgoliaError extends Error {
  override readonly name = 'AlgoliaError';

  constructor(
    readonly status: number,
    message: string,
    readonly code: AlgoliaErrorCode = 'invalid_parameter',
  ) {
    super(message);
  }
}

export type AlgoliaErrorCode =
  'invalid_parameter' | 'unsupported_parameter' | 'unknown_parameter' | 'index_not_found' | 'search_failed';

export const badAlgoliaRequest = (message: string, code?: AlgoliaErrorCode): AlgoliaError =>
  new AlgoliaError(400, message, code);

export const algoliaErrorProblem: ErrorProblemMapper = (error) => {
  if (!(error instanceof AlgoliaError)) return undefined;
  return {
    type: 'about:blank',
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    message: error.message,
    code: error.code,
    ...(error.status === 503 ? { retryAfterSeconds: 5 } : {}),
  };
};
