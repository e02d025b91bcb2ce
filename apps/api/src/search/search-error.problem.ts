import { SearchError, type SearchErrorCode } from '@app/search';
import { codedErrorProblem } from '../errors/coded-error-problem';

/** The one place search error codes become HTTP statuses; a new code fails to compile until mapped. */
export const SEARCH_ERROR_STATUS = {
  invalid_cursor: 400,
  invalid_pagination: 400,
  invalid_price_range: 400,
  invalid_synonyms: 400,
  index_outdated: 409,
  result_window_too_large: 400,
  search_unavailable: 503,
  search_timeout: 504,
} as const satisfies Record<SearchErrorCode, number>;

export const searchErrorProblem = codedErrorProblem(
  (error): error is SearchError => error instanceof SearchError,
  SEARCH_ERROR_STATUS,
);
