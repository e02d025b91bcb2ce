import { Controller, Get, Header, Query, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { POPULAR_LIST_MAX, PopularRequests } from '@app/cache';
import { AdminOnly } from '../auth/admin-only.decorator';

class PopularQueryDto {
  @ApiPropertyOptional({ type: Number, default: 20, minimum: 1, maximum: POPULAR_LIST_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(POPULAR_LIST_MAX)
  limit = 20;
}

class PopularRequestDto {
  @ApiProperty({ example: '/search?q=drill&inStock=true', description: 'the request as a client sent it' })
  url!: string;
  @ApiProperty({ example: 1520, description: 'requests of its canonical key over the last 24 h' })
  requests!: number;
}

class PopularDto {
  @ApiProperty({ example: 24, description: 'hours covered' }) hours!: number;
  @ApiProperty({ type: [PopularRequestDto], description: 'most requested first' })
  top!: PopularRequestDto[];
  @ApiProperty({
    type: [PopularRequestDto],
    description: 'requests whose response listed nothing (search, suggest), most requested first',
  })
  zeroResults!: PopularRequestDto[];
}

@ApiTags('cache')
@Controller('cache')
export class CachePopularController {
  constructor(private readonly popular: PopularRequests) {}

  @Get('popular')
  @AdminOnly()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Most requested queries and zero-result queries of the last 24 h, fleet-wide (admin)',
    description:
      'Counted per canonical cache key (parameter order, case and defaults folded), in per-hour top lists in Redis. ' +
      'After a purge or reindex the top CACHE_WARM_TOP_N of this list are replayed to warm the cache.',
  })
  @ApiOkResponse({ type: PopularDto })
  @ApiServiceUnavailableResponse({ description: 'Redis unavailable (problem+json)' })
  async list(@Query() query: PopularQueryDto): Promise<PopularDto> {
    try {
      return { hours: 24, ...(await this.popular.top(query.limit)) };
    } catch (error) {
      throw new ServiceUnavailableException(`request counts unavailable: ${String(error)}`);
    }
  }
}
