import { readFileSync } from 'node:fs';
import type { ClientOptions } from '@elastic/elasticsearch';
import type { AppConfig } from '@app/config';

/** How often a sniffing client asks the cluster for its nodes again. */
export const SNIFF_INTERVAL_MS = 60_000;

/** Client options for local nodes and real clusters (API key or basic auth, custom CA, sniffing). */
export function elasticsearchClientOptions(config: AppConfig): ClientOptions {
  const es = config.elasticsearch;
  const auth = es.apiKey
    ? { apiKey: es.apiKey }
    : es.username && es.password
      ? { username: es.username, password: es.password }
      : undefined;
  return {
    nodes: [...es.nodes],
    auth,
    tls: es.caFile ? { ca: readFileSync(es.caFile) } : undefined,
    requestTimeout: es.timeoutMs,
    // Nothing is retried unless the caller says so (request-policy.ts): reads go once more to
    // another node, writes only when they never left. A timed-out request is never sent again
    // (the transport's retryOnTimeout, which this client leaves at false).
    maxRetries: 0,
    // Sniffing replaces the node list with the addresses the nodes publish (dedicated masters left out).
    sniffOnStart: es.sniff,
    sniffInterval: es.sniff ? SNIFF_INTERVAL_MS : false,
    sniffOnConnectionFault: es.sniff,
    compression: false,
    name: 'catalog-search-cache',
  };
}
