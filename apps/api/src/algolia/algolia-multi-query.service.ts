import { BadRequestException, Injectable } from '@nestjs/common';
import { CacheAsideCall, type CacheContext, type CacheState } from '@app/cache';
import { AppValidationPipe, type LoggedRequest, unsafeJsonReason } from '@app/observability';
import { ProductSearch, SearchError } from '@app/search';
import { SEARCH_CACHE } from '../search/search-cache';
import { SEARCH_ERROR_STATUS } from '../search/search-error.problem';
import { SearchQueryDto } from '../search/search-query.dto';
import type { SearchBody } from '../search/search-response.dto';
import { AlgoliaError, badAlgoliaRequest } from './algolia-error';
import { type AlgoliaQuery, parseAlgoliaRequest } from './algolia-params';
import { type AlgoliaResult, algoliaResult } from './algolia-result';

/** More queries than InstantSearch sends for a page (one, plus one per refined facet) with room to spare. */
export const MAX_QUERIES = 20;

export interface MultiQueryAnswer {
  results: AlgoliaResult[];
  /** Elasticsearch's own time over the queries this answer ran (cached ones ran none). */
  elasticsearchMs: number;
}

/**
 * Algolia's multi-query on our search: every query is parsed and looked up first (one bad query
 * fails the request, as with Algolia), then each runs as the `GET /search` it is equivalent to,
 * through the same cache-aside path and key, in parallel.
 */
@Injectable()
export class AlgoliaMultiQuery {
  private readonly pipe = new AppValidationPipe();

  constructor(
    private readonly products: ProductSearch,
    private readonly cache: CacheAsideCall,
  ) {}

  /** `req`: the HTTP request carrying the queries, named in their log lines. */
  async run(body: unknown, req?: LoggedRequest): Promise<MultiQueryAnswer> {
    const queries = requestsOf(body).map(parseAlgoliaRequest);
    const contexts = await Promise.all(
      queries.map((query) => this.cache.begin(SEARCH_CACHE, JSON.stringify(query.search), query.search, req)),
    );
    // A query without a slot is invalid: validating it names the problem, before any query runs.
    for (const [i, context] of contexts.entries()) if (!context.slot) await this.validated(queries[i]);
    let elasticsearchMs = 0;
    const results = await Promise.all(
      queries.map((query, i) => this.answer(query, contexts[i], (ms) => (elasticsearchMs += ms))),
    );
    return { results, elasticsearchMs };
  }

  /** The DTO `GET /search` would get for the same query: the cache key is built from it. */
  private async validated(query: AlgoliaQuery): Promise<SearchQueryDto> {
    try {
      return (await this.pipe.transform(query.search, {
        type: 'query',
        metatype: SearchQueryDto,
      })) as SearchQueryDto;
    } catch (error) {
      if (!(error instanceof BadRequestException)) throw error;
      throw badAlgoliaRequest(messageOf(error));
    }
  }

  private async answer(
    query: AlgoliaQuery,
    context: CacheContext,
    ranFor: (ms: number) => void,
  ): Promise<AlgoliaResult> {
    const startedMs = performance.now();
    const call = await this.cache.serve(context, async () => {
      // Validated only when Elasticsearch must answer: a hit needs the key alone (memoized).
      const dto = await this.validated(query);
      const { tookMs, ...searched } = await this.products.search(dto, context.req).catch((error: unknown) => {
        throw asAlgoliaError(error);
      });
      ranFor(tookMs);
      return { body: Buffer.from(JSON.stringify(searched)), shows: SEARCH_CACHE.shows?.(searched) ?? [] };
    });
    const searched = JSON.parse(call.body.toString('utf8')) as SearchBody;
    const cache: { status: CacheState; ageMS: number } = { status: call.state, ageMS: call.ageMs };
    return algoliaResult(searched, query.view, Math.round(performance.now() - startedMs), cache);
  }
}

function requestsOf(body: unknown): unknown[] {
  let parsed = body;
  // algoliasearch sends its JSON as text/plain: a browser then needs no CORS preflight.
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      throw badAlgoliaRequest('The body is not valid JSON');
    }
  }
  const unsafe = unsafeJsonReason(parsed);
  if (unsafe !== undefined) throw badAlgoliaRequest(`The body is invalid: ${unsafe}`);
  const requests = (parsed as { requests?: unknown } | null)?.requests;
  if (!Array.isArray(requests) || requests.length === 0) {
    throw badAlgoliaRequest('requests must be a non-empty list');
  }
  if (requests.length > MAX_QUERIES) throw badAlgoliaRequest(`At most ${MAX_QUERIES} requests per call`);
  const strategy = (parsed as { strategy?: unknown }).strategy;
  if (strategy !== undefined && strategy !== 'none' && strategy !== 'stopIfEnoughMatches') {
    throw badAlgoliaRequest('strategy must be none or stopIfEnoughMatches');
  }
  return requests;
}

function asAlgoliaError(error: unknown): unknown {
  if (!(error instanceof SearchError)) return error;
  return new AlgoliaError(SEARCH_ERROR_STATUS[error.code], error.message, 'search_failed');
}

function messageOf(error: BadRequestException): string {
  const response = error.getResponse() as { message?: unknown };
  const message = Array.isArray(response.message) ? response.message.join('; ') : response.message;
  return typeof message === 'string' ? message : error.message;
}
