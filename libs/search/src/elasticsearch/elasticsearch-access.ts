import { errors } from '@elastic/elasticsearch';
import { Injectable, Logger } from '@nestjs/common';

// Node's TLS verification failures ("self-signed certificate in certificate chain", "unable to get
// local issuer certificate", "Hostname/IP does not match certificate's altnames", …).
const TLS_FAILURE = /certificate|self[- ]signed|altnames/i;

/** Why Elasticsearch cannot be used, in words that name the setting to fix. */
export function describeEsFailure(error: unknown): string {
  if (error instanceof errors.ResponseError) {
    if (error.statusCode === 401) {
      return 'Elasticsearch refused our credentials (HTTP 401): check ELASTICSEARCH_API_KEY, or ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD';
    }
    if (error.statusCode === 403) {
      return 'Elasticsearch denied access (HTTP 403): the API key or user lacks privileges on the products index and cluster health';
    }
    return `Elasticsearch answered HTTP ${error.statusCode ?? '?'}`;
  }
  if (error instanceof errors.ConnectionError && TLS_FAILURE.test(error.message)) {
    return `Elasticsearch's TLS certificate is not trusted (${firstLine(error.message)}): check ELASTICSEARCH_CA_FILE`;
  }
  if (error instanceof errors.ConnectionError || error instanceof errors.NoLivingConnectionsError) {
    return `Elasticsearch is unreachable (${firstLine(error.message)})`;
  }
  if (error instanceof errors.TimeoutError) return 'Elasticsearch did not answer in time';
  return error instanceof Error ? firstLine(error.message) : String(error);
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

/**
 * Logs why Elasticsearch cannot be used once per distinct cause, not at every boot retry or
 * readiness probe: a wrong key or CA is one clear line, and one more when access comes back.
 */
@Injectable()
export class ElasticsearchAccessLog {
  private readonly logger = new Logger('Elasticsearch');
  private current?: string;

  /** Returns the description (for readiness details). */
  failed(error: unknown): string {
    const description = describeEsFailure(error);
    if (description !== this.current) {
      this.current = description;
      this.logger.error({ event: 'elasticsearch.unusable' }, description);
    }
    return description;
  }

  succeeded(): void {
    if (this.current === undefined) return;
    this.current = undefined;
    this.logger.log({ event: 'elasticsearch.usable' }, 'Elasticsearch answers again');
  }
}
