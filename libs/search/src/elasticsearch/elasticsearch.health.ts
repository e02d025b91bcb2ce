import { Injectable } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';

/** Readiness of Elasticsearch: the cluster answers and is not red. */
@Injectable()
export class ElasticsearchHealthIndicator {
  constructor(
    private readonly es: ElasticsearchService,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'elasticsearch', timeoutMs = 2_000): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      const result = await this.es.cluster.health({}, { requestTimeout: timeoutMs, maxRetries: 0 });
      if (result.status === 'red') return indicator.down({ cluster: result.status });
      return indicator.up({ cluster: result.status });
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
