import { errors } from '@elastic/elasticsearch';
import { SearchError } from '../search-error';

/**
 * Turns client failures into SearchError so callers see a stable code, never an Elasticsearch
 * body. A 400 from Elasticsearch is our bug (user text never becomes query syntax), so it stays
 * an unexpected error: the caller gets a generic 500 and the log gets the details.
 */
export function translateSearchFailure(error: unknown): unknown {
  if (error instanceof SearchError) return error;
  if (error instanceof errors.TimeoutError) {
    return new SearchError('search_timeout', 'the search took too long; try again or narrow the query');
  }
  if (error instanceof errors.ConnectionError || error instanceof errors.NoLivingConnectionsError) {
    return unavailable();
  }
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 0;
    // 404: the index is not created yet (Elasticsearch was down at boot); 429/5xx: overloaded or
    // failing; 401/403: our credentials are refused (the operator's problem, an outage for clients).
    if (status === 401 || status === 403 || status === 404 || status === 429 || status >= 500)
      return unavailable();
  }
  return error;
}

function unavailable(): SearchError {
  return new SearchError('search_unavailable', 'search is temporarily unavailable');
}
