import { errors, type TransportRequestOptions } from '@elastic/elasticsearch';
import type { ElasticsearchService } from '@nestjs/elasticsearch';

/**
 * How a request meets a failing node (the client itself retries nothing, see client-options.ts).
 *
 * Reads (search, suggest, get) go once more, to another node, after a connection failure or a
 * 502/503/504 (the transport's rule): the first try changed nothing. Never after a timeout: a slow
 * query sent again doubles the load exactly when the cluster struggles. With one node there is no
 * other node to try, and the transport would only back off and hit the same one.
 */
export function readOptions(es: ElasticsearchService, timeoutMs: number): TransportRequestOptions {
  return { requestTimeout: timeoutMs, ...onceMoreElsewhere(es) };
}

/** Reads, and writes that leave the same result when applied twice (bulk index by id). */
export function onceMoreElsewhere(es: ElasticsearchService): TransportRequestOptions {
  return { maxRetries: es.connectionPool.size > 1 ? 1 : 0 };
}

/**
 * Writes are sent once. Only a request that never left — the connection was refused or the name
 * did not resolve — is sent again, to another node (the transport has just marked the first one
 * dead). A connection lost mid-request or a timeout leaves the outcome unknown: sending it again
 * could apply it twice (a create answering 409 to its own first try, a delete answering 404).
 */
export async function sendWrite<T>(
  es: ElasticsearchService,
  send: (options: TransportRequestOptions) => Promise<T>,
): Promise<T> {
  const options: TransportRequestOptions = { maxRetries: 0 };
  try {
    return await send(options);
  } catch (error) {
    if (!neverSent(error) || es.connectionPool.size < 2) throw error;
    return send(options);
  }
}

/** The request did not reach any node, so it cannot have been applied. */
export function neverSent(error: unknown): boolean {
  return (
    error instanceof errors.NoLivingConnectionsError ||
    (error instanceof errors.ConnectionError && /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)\b/.test(error.message))
  );
}

/** The request may have been applied although no answer came back. */
export function outcomeUnknown(error: unknown): boolean {
  return (
    (error instanceof errors.ConnectionError || error instanceof errors.TimeoutError) && !neverSent(error)
  );
}
