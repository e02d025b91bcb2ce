import type { TransportRequestOptions } from '@elastic/elasticsearch';
import { Injectable, Logger } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';
import { AppConfig } from '@app/config';
import { type LoggedRequest, Metrics } from '@app/observability';
import { buildSearchRequest } from '../query/build-search-request';
import { buildSuggestRequest } from '../query/build-suggest-request';
import { ListingTextPlans } from '../query/listing-text-plans';
import { nextCursor } from '../query/pagination';
import type { SearchParams, SuggestParams } from '../query/search-params';
import type { SearchResponse, SuggestResponse } from '../search-response';
import { ProductSearch } from '../search.port';
import { productsAlias } from './index-names';
import { type CheckContext, productTerms, type ProductTerms, textsListing } from './listing-check';
import { availabilityPatches, type ListingToPatch, textWritePatches } from './listing-patches';
import type { ListingBody } from '../query/listing-patch';
import { readOptions } from './request-policy';
import { translateSearchFailure } from './translate-search-failure';
import {
  bestMatchOf,
  lastSortValues,
  type ProductSource,
  toDidYouMean,
  toFacets,
  toRelaxed,
  toSearchHit,
  toSuggestions,
} from './search-response.mapper';

/** Runs the built queries against the products alias. */
@Injectable()
export class ElasticsearchProductSearch extends ProductSearch {
  private readonly logger = new Logger('Elasticsearch');
  private readonly alias: string;
  private readonly timeoutMs: number;
  private readonly checkContext: CheckContext;

  constructor(
    private readonly es: ElasticsearchService,
    private readonly metrics: Metrics,
    config: AppConfig,
  ) {
    super();
    this.alias = productsAlias(config.elasticsearch.indexPrefix);
    this.timeoutMs = config.elasticsearch.timeoutMs;
    this.checkContext = {
      es,
      alias: this.alias,
      plans: new ListingTextPlans(),
      options: () => this.options(),
      run: (operation, call) => this.run(operation, call),
    };
  }

  async search(params: SearchParams, req?: LoggedRequest): Promise<SearchResponse> {
    const { body, window, tierWords, bestMatchIsFirstHit } = buildSearchRequest(params);
    const result = await this.run(
      'search',
      () => this.es.search<ProductSource>({ index: this.alias, ...body }, this.options()),
      req,
    );
    const hits = result.hits.hits;
    const total = totalOf(result.hits.total);
    return {
      total,
      tookMs: result.took,
      page: window.page,
      size: params.size,
      hits: hits.map(toSearchHit),
      facets: toFacets(result.aggregations),
      nextCursor: nextCursor(params, window, lastSortValues(hits), hits.length, total),
      relaxed: toRelaxed(bestMatchOf(hits, result.aggregations, bestMatchIsFirstHit), tierWords),
      didYouMean: toDidYouMean(result.suggest, tierWords),
    };
  }

  async suggest(params: SuggestParams, req?: LoggedRequest): Promise<SuggestResponse> {
    if (params.q.trim() === '') return { suggestions: [] };
    const request = { index: this.alias, ...buildSuggestRequest(params) };
    const result = await this.run(
      'suggest',
      () => this.es.search<{ id: string; title: string }>(request, this.options()),
      req,
    );
    return toSuggestions(result.hits.hits, result.aggregations, params.size);
  }

  textsListing(
    productIds: readonly string[],
    texts: readonly string[],
    before?: ProductTerms,
  ): Promise<ReadonlySet<string>> {
    return textsListing(this.checkContext, productIds, texts, before);
  }

  productTerms(productIds: readonly string[]): Promise<ProductTerms> {
    return productTerms(this.checkContext, productIds);
  }

  availabilityPatches(
    productId: string,
    listings: readonly ListingToPatch[],
  ): Promise<(ListingBody | undefined)[]> {
    return availabilityPatches(this.checkContext, productId, listings);
  }

  textWritePatches(
    productId: string,
    listings: readonly ListingToPatch[],
  ): Promise<(ListingBody | undefined)[]> {
    return textWritePatches(this.checkContext, productId, listings);
  }

  private async run<T extends object>(
    operation: string,
    call: () => Promise<T>,
    req?: LoggedRequest,
  ): Promise<T> {
    const end = this.metrics.elasticsearchDuration.startTimer({ operation });
    try {
      const result = await call();
      end();
      this.logger.log(
        { event: 'elasticsearch.query', operation, tookMs: (result as { took?: number }).took, req },
        'elasticsearch queried',
      );
      return result;
    } catch (error) {
      end();
      throw translateSearchFailure(error);
    }
  }

  // Once more on another node after a connection failure; never after a timeout (request-policy.ts).
  private options(): TransportRequestOptions {
    return readOptions(this.es, this.timeoutMs);
  }
}

function totalOf(
  total: number | { value: number; relation: 'eq' | 'gte' } | undefined,
): SearchResponse['total'] {
  if (typeof total === 'number') return { value: total, relation: 'eq' };
  return total ? { value: total.value, relation: total.relation } : { value: 0, relation: 'eq' };
}
