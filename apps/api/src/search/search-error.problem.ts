import { STATUS_CODES } from 'node:http';
import type { ErrorProblemMapper, Problem } from '@app/observability';
import { SearchError, type SearchErrorCode } from '@app/search';

/** The one place search error codes become HTTP statuses; a new code fails to compile until mapped. */
export const SEARCH_ERROR_STATUS = {
  invalid_cursor: 400,
  invalid_pagination: 400,
  invalid_price_range: 400,
  result_window_too_large: 400,
  search_unavailable: 503,
  search_timeout: 504,
} as const satisfies Record<SearchErrorCode, number>;

const RETRY_AFTER_SECONDS = 5;

export const searchErrorProblem: ErrorProblemMapper = (error) => {
  if (!(error instanceof SearchError)) return undefined;
  const status = SEARCH_ERROR_STATUS[error.code];
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
