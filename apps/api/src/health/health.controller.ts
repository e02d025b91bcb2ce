import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { RedisHealthIndicator } from '@app/redis';
import { ElasticsearchHealthIndicator } from '@app/search';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly elasticsearch: ElasticsearchHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up (does not touch dependencies)' })
  @ApiOkResponse({
    description: 'Up',
    schema: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['ok'] } },
    },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: Elasticsearch and Redis answer; 503 names the one that does not',
    description:
      "Elasticsearch is ready while the products index is green or yellow (yellow: a replica is missing, `degraded: true`); red or missing is 503. Its details show the index's and the whole cluster's status.",
  })
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.elasticsearch.check(), () => this.redis.check()]);
  }
}
