import { errors } from '@elastic/elasticsearch';
import { Injectable, Logger } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';
import { AppConfig } from '@app/config';
import { parseIndexVersion, productsAlias, productsIndexVersion } from './index-names';
import { ADMIN_REQUEST } from './admin-request';
import { PRODUCTS_MAPPINGS, PRODUCTS_SETTINGS, withReplicas } from './products.mapping';

/** Creates and swaps the versioned physical product index behind its alias. */
@Injectable()
export class ProductIndexAdmin {
  private readonly logger = new Logger(ProductIndexAdmin.name);
  readonly alias: string;

  constructor(
    private readonly es: ElasticsearchService,
    private readonly config: AppConfig,
  ) {
    this.alias = productsAlias(config.elasticsearch.indexPrefix);
  }

  /** Idempotent; safe when several instances boot at once. Returns the physical index name. */
  async ensureIndex(): Promise<string> {
    const current = await this.physicalIndices();
    if (current.length > 0) return current[0];
    const name = productsIndexVersion(this.config.elasticsearch.indexPrefix, 1);
    try {
      await this.es.indices.create(
        {
          index: name,
          settings: withReplicas(PRODUCTS_SETTINGS, this.config.elasticsearch.indexReplicas),
          mappings: PRODUCTS_MAPPINGS,
          aliases: { [this.alias]: { is_write_index: true } },
        },
        ADMIN_REQUEST,
      );
      this.logger.log({ index: name, alias: this.alias }, 'created products index');
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
    }
    return name;
  }

  /** Physical indices the alias points at (normally exactly one). */
  async physicalIndices(): Promise<string[]> {
    try {
      const result = await this.es.indices.getAlias({ name: this.alias }, ADMIN_REQUEST);
      return Object.keys(result);
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 404) return [];
      throw error;
    }
  }

  /** Highest version among existing physical indices, whether aliased or left over. */
  async latestVersion(): Promise<number> {
    const pattern = `${this.alias}-v*`;
    const rows = await this.es.cat.indices({ index: pattern, format: 'json', h: 'index' }, ADMIN_REQUEST);
    const versions = rows
      .map((row) => parseIndexVersion(this.config.elasticsearch.indexPrefix, String(row.index)))
      .filter((v): v is number => v !== undefined);
    return Math.max(0, ...versions);
  }
}

function isAlreadyExists(error: unknown): boolean {
  if (!(error instanceof errors.ResponseError)) return false;
  const body = error.body as { error?: { type?: string } } | undefined;
  return body?.error?.type === 'resource_already_exists_exception';
}
