import { Injectable, Logger } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';
import type { ProductRepository } from '@app/catalog';
import { AppConfig } from '@app/config';
import { productsIndexVersion } from './index-names';
import { ProductIndexAdmin } from './product-index.admin';
import { ElasticsearchProductRepository } from './product-repository.adapter';
import { ADMIN_REQUEST } from './admin-request';
import { PRODUCTS_MAPPINGS, PRODUCTS_SETTINGS, withReplicas } from './products.mapping';
import { CatalogSynonyms } from '../synonyms.port';
import { withSynonyms } from './synonyms.adapter';

export interface RebuildOutcome<R> {
  index: string;
  /** Indices the alias pointed at before the swap (now deleted). */
  replaced: string[];
  /** Documents in the new index, read back before the swap. */
  count: number;
  load: R;
}

/** The loaded index does not hold what the loader reported; the alias was left untouched. */
export class RebuildAbortedError extends Error {
  override readonly name = 'RebuildAbortedError';
}

/**
 * Zero-downtime rebuild without `_reindex`: fill a new `<alias>-v<N+1>` from the source, refresh
 * it, then move the alias in ONE `_aliases` call (remove old + add new, atomic for readers), and
 * only then delete the old index. Until the swap, readers and writers use the old index; writes
 * made to it during the rebuild are not carried over, so rebuild while the catalog is quiet.
 */
@Injectable()
export class ProductIndexRebuilder {
  private readonly logger = new Logger(ProductIndexRebuilder.name);

  constructor(
    private readonly es: ElasticsearchService,
    private readonly admin: ProductIndexAdmin,
    private readonly config: AppConfig,
    private readonly synonyms: CatalogSynonyms,
  ) {}

  async rebuild<R extends { indexed: number }>(
    load: (target: ProductRepository) => Promise<R>,
  ): Promise<RebuildOutcome<R>> {
    const index = productsIndexVersion(
      this.config.elasticsearch.indexPrefix,
      (await this.admin.latestVersion()) + 1,
    );
    // The managed synonyms live in the index settings: the new index starts with the current rules.
    const rules = (await this.admin.physicalIndices()).length > 0 ? await this.synonyms.get() : [];
    // No refreshes while loading: nobody reads this index until the swap.
    await this.es.indices.create(
      {
        index,
        settings: {
          ...withReplicas(withSynonyms(PRODUCTS_SETTINGS, rules), this.config.elasticsearch.indexReplicas),
          refresh_interval: '-1',
        },
        mappings: PRODUCTS_MAPPINGS,
      },
      ADMIN_REQUEST,
    );
    let loaded: { load: R; count: number };
    try {
      loaded = await this.fill(index, load);
    } catch (error) {
      await this.es.indices.delete({ index, ignore_unavailable: true }, ADMIN_REQUEST);
      throw error;
    }
    const replaced = await this.swapAlias(index);
    if (replaced.length > 0)
      await this.es.indices.delete({ index: replaced, ignore_unavailable: true }, ADMIN_REQUEST);
    this.logger.log({ alias: this.admin.alias, index, replaced }, 'products index rebuilt');
    return { index, replaced, ...loaded };
  }

  private async fill<R extends { indexed: number }>(
    index: string,
    load: (target: ProductRepository) => Promise<R>,
  ): Promise<{ load: R; count: number }> {
    const result = await load(
      new ElasticsearchProductRepository(this.es, {
        index,
        requireAlias: false,
        timeoutMs: this.config.elasticsearch.timeoutMs,
      }),
    );
    // null restores the default (1s, skipped while the shard is search-idle).
    await this.es.indices.putSettings({ index, settings: { 'index.refresh_interval': null } }, ADMIN_REQUEST);
    await this.es.indices.refresh({ index }, ADMIN_REQUEST);
    const { count } = await this.es.count({ index }, ADMIN_REQUEST);
    if (count !== result.indexed) {
      throw new RebuildAbortedError(
        `rebuild aborted: ${index} holds ${count} documents but ${result.indexed} were indexed; the alias still points at the old index`,
      );
    }
    return { load: result, count };
  }

  /** One atomic `_aliases` call; returns the indices the alias left. */
  private async swapAlias(index: string): Promise<string[]> {
    const alias = this.admin.alias;
    const previous = await this.admin.physicalIndices();
    await this.es.indices.updateAliases(
      {
        actions: [
          ...previous.map((old) => ({ remove: { index: old, alias } })),
          { add: { index, alias, is_write_index: true } },
        ],
      },
      ADMIN_REQUEST,
    );
    return previous;
  }
}
