import type { estypes } from '@elastic/elasticsearch';
import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { AppConfig } from '@app/config';
import { ElasticsearchAccessLog } from './elasticsearch-access';
import { productsAlias } from './index-names';
import { onceMoreElsewhere } from './request-policy';

type HealthStatus = estypes.HealthStatus;

/** Status of the products index: Elasticsearch's, or `missing` until the app has created it. */
export type IndexStatus = Lowercase<HealthStatus> | 'missing';

/**
 * Readiness of Elasticsearch, decided by the products index: green is ready; yellow is ready but
 * degraded (a replica is missing: one more node loss may lose a shard); red (a primary is missing:
 * some products cannot be read or written) or missing is not ready. The whole cluster's status is
 * shown too, but a red index of another application does not take this one out of service.
 */
@Injectable()
export class ElasticsearchHealthIndicator {
  private readonly alias: string;

  constructor(
    private readonly es: ElasticsearchService,
    private readonly health: HealthIndicatorService,
    private readonly access: ElasticsearchAccessLog,
    config: AppConfig,
  ) {
    this.alias = productsAlias(config.elasticsearch.indexPrefix);
  }

  async check(key = 'elasticsearch', timeoutMs = 2_000): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    // A node that just died is not a reason to leave the load balancer: ask another one.
    const options = { requestTimeout: timeoutMs, ignore: [408], ...onceMoreElsewhere(this.es) };
    try {
      // local: the answering node's view, so an election after the master died (reads go on
      // meanwhile) does not turn readiness 503. timeout 0s: the status now; a missing index answers 408.
      const [cluster, index] = await Promise.all([
        this.es.cluster.health({ local: true }, options),
        this.es.cluster.health({ index: this.alias, local: true, timeout: '0s' }, options),
      ]);
      this.access.succeeded();
      const indexStatus: IndexStatus = index.timed_out ? 'missing' : lower(index.status);
      // The two local reads may be answered by different nodes; a cluster is never healthier than
      // one of its indices, so their views are made to agree.
      const clusterStatus = worse(lower(cluster.status), indexStatus === 'missing' ? 'green' : indexStatus);
      const details = {
        cluster: clusterStatus,
        index: indexStatus,
        nodes: cluster.number_of_nodes,
        degraded: indexStatus !== 'green' || clusterStatus !== 'green',
      };
      if (indexStatus === 'red' || indexStatus === 'missing') return indicator.down(details);
      return indicator.up(details);
    } catch (error) {
      return indicator.down({ message: this.access.failed(error) });
    }
  }
}

function lower(status: HealthStatus): Lowercase<HealthStatus> {
  return status.toLowerCase() as Lowercase<HealthStatus>;
}

const SEVERITY = ['green', 'yellow', 'red'] as const;

function worse(a: Lowercase<HealthStatus>, b: Lowercase<HealthStatus>): Lowercase<HealthStatus> {
  const rank = (status: Lowercase<HealthStatus>): number =>
    SEVERITY.indexOf(status as (typeof SEVERITY)[number]);
  return rank(b) > rank(a) ? b : a;
}
