import { readFileSync } from 'node:fs';
import type { ClientOptions } from '@elastic/elasticsearch';
import type { AppConfig } from '@app/config';

/** Client options for local nodes and real clusters (API key or basic auth, custom CA). */
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
    // Retries multiply the worst-case latency; one retry on a dead connection is enough.
    maxRetries: 1,
    compression: false,
    name: 'catalog-search-cache',
  };
}
