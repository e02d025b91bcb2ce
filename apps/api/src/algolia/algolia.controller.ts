import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { CacheState } from '@app/cache';
import { LoggedReq, type LoggedRequest } from '@app/observability';
import { AlgoliaError } from './algolia-error';
import { AlgoliaMultiQuery, MAX_QUERIES } from './algolia-multi-query.service';
import {
  ALGOLIA_EXTRA_MODELS,
  AlgoliaMultiQueryRequestDto,
  AlgoliaMultiQueryResponseDto,
} from './algolia-multi-query.dto';

/** Algolia clients read `message` and `status` from an error body: a problem carries both. */
const ALGOLIA_PROBLEM = {
  schema: {
    type: 'object',
    properties: { message: { type: 'string', description: "Algolia's error message (= detail)" } },
  },
};

/** Worst first: the answer as a whole is only as cached as its least cached query. */
const SUMMARY_ORDER: readonly CacheState[] = ['BYPASS', 'MISS', 'STALE', 'HIT'];

@ApiTags('algolia')
@ApiExtraModels(...ALGOLIA_EXTRA_MODELS)
@Controller('1/indexes')
export class AlgoliaController {
  constructor(private readonly multiQuery: AlgoliaMultiQuery) {}

  @Post(':indexName/queries')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Algolia multi-query (InstantSearch, algoliasearch/lite), served by our search and cache',
    description:
      `Up to ${MAX_QUERIES} queries on \`products\` or its sort replicas (products_price_asc, ` +
      'products_price_desc, products_newest, products_rating). Each query is the GET /search it is ' +
      'equivalent to, with the same cache key and invalidation. Body as JSON, also when sent as ' +
      'text/plain (what algoliasearch does). Supported and refused parameters: README, ' +
      '"InstantSearch / Algolia compatibility".',
  })
  @ApiParam({ name: 'indexName', enum: ['*'], description: 'Always `*`: each request names its index' })
  @ApiBody({ type: AlgoliaMultiQueryRequestDto })
  @ApiOkResponse({
    type: AlgoliaMultiQueryResponseDto,
    headers: {
      'X-Cache': {
        description: 'The least cached query of the answer: BYPASS, else MISS, else STALE, else HIT',
        schema: { type: 'string', enum: ['HIT', 'MISS', 'STALE', 'BYPASS'] },
      },
      'X-Cache-Queries': {
        description: 'Each query in order, comma-separated (also `cache.status` in each result)',
        schema: { type: 'string', example: 'HIT, MISS' },
      },
      'Server-Timing': {
        description:
          "`es;dur=<ms>`: Elasticsearch's time over the queries that ran; absent when all came from the cache",
        schema: { type: 'string', example: 'es;dur=4' },
      },
      'Cache-Control': {
        description: '`no-store`: each query is cached, the answer is not',
        schema: { type: 'string' },
      },
    },
  })
  @ApiBadRequestResponse({
    description: 'Invalid body, unknown or unsupported parameter (message says which)',
    ...ALGOLIA_PROBLEM,
  })
  @ApiNotFoundResponse({ description: 'Index <name> does not exist', ...ALGOLIA_PROBLEM })
  @ApiServiceUnavailableResponse({ description: 'Elasticsearch unavailable', ...ALGOLIA_PROBLEM })
  async queries(
    @Param('indexName') indexName: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
    @LoggedReq() req: LoggedRequest,
  ): Promise<AlgoliaMultiQueryResponseDto> {
    if (indexName !== '*')
      throw new AlgoliaError(404, `Index ${indexName} does not exist`, 'index_not_found');
    const { results, elasticsearchMs } = await this.multiQuery.run(body, req);
    const states = results.map((result) => result.cache.status);
    void reply.header('x-cache', SUMMARY_ORDER.find((state) => states.includes(state)) ?? 'HIT');
    void reply.header('x-cache-queries', states.join(', '));
    if (states.some((state) => state === 'MISS' || state === 'BYPASS')) {
      void reply.header('server-timing', `es;dur=${elasticsearchMs}`);
    }
    return { results };
  }
}
