import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiGatewayTimeoutResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CacheAside } from '@app/cache';
import { LoggedReq, type LoggedRequest } from '@app/observability';
import { ProductSearch, type SuggestResponse } from '@app/search';
import { SEARCH_CACHE } from './search-cache';
import { suggestFindsNothing, suggestRefreshShown, suggestShows } from './search-cache-tags';
import { SearchQueryDto } from './search-query.dto';
import { type SearchBody, SearchResponseDto } from './search-response.dto';
import { SuggestQueryDto } from './suggest-query.dto';
import { SuggestResponseDto } from './suggest-response.dto';

const PROBLEM = { description: 'problem+json (RFC 9457)' };

@ApiTags('search')
@ApiBadRequestResponse({
  description: 'Unknown or invalid parameter, page × size > 10000, bad cursor; problem+json',
})
@ApiServiceUnavailableResponse(PROBLEM)
@ApiGatewayTimeoutResponse(PROBLEM)
@Controller('search')
export class SearchController {
  constructor(private readonly products: ProductSearch) {}

  @Get()
  @ApiOperation({
    summary: 'Full-text product search with filters, facets, sorting and pagination',
    description:
      'Words match title, brand, tags, category and description (stemmed, partial words, typos). ' +
      '`"..."` requires a phrase, `-word` excludes. Without q: browse with filters and sort.',
  })
  @ApiOkResponse({
    type: SearchResponseDto,
    headers: {
      'Server-Timing': {
        description:
          "`es;dur=<ms>`: Elasticsearch's own time for the search this response ran; absent when it came from the cache",
        schema: { type: 'string', example: 'es;dur=4' },
      },
    },
  })
  @CacheAside(SEARCH_CACHE)
  async search(
    @Query() query: SearchQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
    @LoggedReq() req: LoggedRequest,
  ): Promise<SearchBody> {
    // Timing is this response's own cost, so it stays out of the body that is cached and hashed
    // into the ETag: the same results give the same bytes and the same ETag on every refill.
    const { tookMs, ...body } = await this.products.search(query, req);
    void reply.header('server-timing', `es;dur=${tookMs}`);
    return body;
  }

  @Get('suggest')
  @ApiOperation({ summary: 'Autocomplete: brands and product titles by word prefix' })
  @ApiOkResponse({ type: SuggestResponseDto })
  @CacheAside({
    route: 'suggest',
    namespace: 'suggest',
    query: SuggestQueryDto,
    caseInsensitive: ['q'],
    shows: suggestShows,
    refreshShown: suggestRefreshShown,
    zeroResults: suggestFindsNothing,
  })
  suggest(@Query() query: SuggestQueryDto, @LoggedReq() req: LoggedRequest): Promise<SuggestResponse> {
    return this.products.suggest(query, req);
  }
}
