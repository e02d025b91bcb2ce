import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/observability';
import { AdminOnly } from '../auth/admin-only.decorator';

class CacheStatsDto {
  @ApiProperty({ example: 1520 }) hits!: number;
  @ApiProperty({ example: 210 }) misses!: number;
  @ApiProperty({ example: 3 }) stale!: number;
  @ApiProperty({ example: 0 }) bypass!: number;
  @ApiProperty({ example: 0.88, description: '(hits + stale) / all cached-route requests' })
  hitRatio!: number;
  @ApiProperty({ example: { search: 60000, suggest: 60000, product: 60000 } })
  ttlMs!: Record<string, number>;
  @ApiProperty({ example: 0 }) staleWhileRevalidateMs!: number;
  @ApiProperty({ example: 300000 }) staleIfErrorMs!: number;
}

@ApiTags('cache')
@Controller('cache')
export class CacheStatsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get('stats')
  @AdminOnly()
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'Cache counters and hit ratio of this instance since it started (admin)' })
  @ApiOkResponse({ type: CacheStatsDto })
  async stats(): Promise<CacheStatsDto> {
    const { routeTtlMs, staleWhileRevalidateMs, staleIfErrorMs } = this.config.cache;
    return {
      ...(await this.metrics.cacheSummary()),
      ttlMs: { ...routeTtlMs },
      staleWhileRevalidateMs,
      staleIfErrorMs,
    };
  }
}
