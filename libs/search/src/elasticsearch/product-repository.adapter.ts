import { errors } from '@elastic/elasticsearch';
import type { ElasticsearchService } from '@nestjs/elasticsearch';
import {
  type BulkItemResult,
  type Product,
  ProductAlreadyExistsError,
  type PatchedProduct,
  type ProductPatch,
  ProductRepository,
  type RefreshPolicy,
} from '@app/catalog';
import { onceMoreElsewhere, readOptions, sendWrite } from './request-policy';
import {
  describeEsError,
  errorType,
  translateReadFailure,
  translateWriteFailure,
} from './translate-write-failure';

export interface ProductIndexTarget {
  /** The alias for the live catalog, or a physical index while a rebuild fills it. */
  index: string;
  /** Refuse to write unless `index` is an alias, so a missing alias never auto-creates an index. */
  requireAlias: boolean;
  /** ELASTICSEARCH_TIMEOUT_MS, which cuts reads of this repository. */
  timeoutMs: number;
}

/** Attempts of a patch whose document another write changed between its read and its update. */
const PATCH_ATTEMPTS = 5;

/**
 * ProductRepository on Elasticsearch; single writes use refresh `wait_for` (see the port). Reads
 * and writes meet a failing node as request-policy.ts says: reads go to another node once, writes
 * are sent again only when they never left.
 */
export class ElasticsearchProductRepository extends ProductRepository {
  constructor(
    private readonly es: ElasticsearchService,
    private readonly target: ProductIndexTarget,
  ) {
    super();
  }

  async get(id: string): Promise<Product | undefined> {
    return (await this.versioned(id))?.product;
  }

  async create(product: Product): Promise<void> {
    try {
      await sendWrite(this.es, (options) =>
        this.es.create({ ...this.write(), id: product.id, document: product, refresh: 'wait_for' }, options),
      );
    } catch (error) {
      if (error instanceof errors.ResponseError && error.statusCode === 409) {
        throw new ProductAlreadyExistsError(product.id);
      }
      throw translateWriteFailure(error);
    }
  }

  async put(product: Product): Promise<void> {
    await translated(
      sendWrite(this.es, (options) =>
        this.es.index({ ...this.write(), id: product.id, document: product, refresh: 'wait_for' }, options),
      ),
    );
  }

  /** Reads, then updates only the version it read, so `before` is exactly what the patch replaced. */
  async patch(id: string, patch: ProductPatch): Promise<PatchedProduct | undefined> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.versioned(id);
      if (!current) return undefined;
      try {
        const result = await sendWrite(this.es, (options) =>
          this.es.update<Product, ProductPatch, Product>(
            {
              ...this.write(),
              id,
              doc: patch,
              refresh: 'wait_for',
              if_seq_no: current.seqNo,
              if_primary_term: current.primaryTerm,
              _source: true,
            },
            options,
          ),
        );
        const after = result.get?._source ?? { ...current.product, ...patch };
        return { before: current.product, after };
      } catch (error) {
        if (isMissingDocument(error)) return undefined;
        // Another write landed between the read and the update: read again.
        if (isVersionConflict(error) && attempt < PATCH_ATTEMPTS) continue;
        throw translateWriteFailure(error);
      }
    }
  }

  /** The stored document with the version a conditional update needs. */
  private async versioned(
    id: string,
  ): Promise<{ product: Product; seqNo: number; primaryTerm: number } | undefined> {
    try {
      const result = await this.es.get<Product>(
        { index: this.target.index, id },
        readOptions(this.es, this.target.timeoutMs),
      );
      if (!result._source || result._seq_no === undefined || result._primary_term === undefined)
        return undefined;
      return { product: result._source, seqNo: result._seq_no, primaryTerm: result._primary_term };
    } catch (error) {
      if (isMissingDocument(error)) return undefined;
      throw translateReadFailure(error);
    }
  }

  async delete(id: string): Promise<boolean> {
    try {
      await sendWrite(this.es, (options) =>
        this.es.delete({ index: this.target.index, id, refresh: 'wait_for' }, options),
      );
      return true;
    } catch (error) {
      if (isMissingDocument(error)) return false;
      throw translateWriteFailure(error);
    }
  }

  async bulkUpsert(
    products: readonly Product[],
    options: { refresh: RefreshPolicy },
  ): Promise<BulkItemResult[]> {
    if (products.length === 0) return [];
    const operations = products.flatMap((product) => [{ index: { _id: product.id } }, product]);
    // Index-by-id actions: sending the same batch twice leaves the same documents.
    const response = await translated(
      this.es.bulk({ ...this.write(), operations, refresh: options.refresh }, onceMoreElsewhere(this.es)),
    );
    return response.items.map((item, i): BulkItemResult => {
      const action = item.index ?? Object.values(item)[0];
      const id = products[i].id;
      if (action?.error) {
        return { id, ok: false, status: action.status, reason: describeEsError({ error: action.error }) };
      }
      return { id, ok: true, created: action?.result === 'created' };
    });
  }

  async count(): Promise<number> {
    return (await translated(this.es.count({ index: this.target.index }))).count;
  }

  async refresh(): Promise<void> {
    await translated(this.es.indices.refresh({ index: this.target.index }));
  }

  private write(): { index: string; require_alias: boolean } {
    return { index: this.target.index, require_alias: this.target.requireAlias };
  }
}

/** A 404 about the document (not about a missing index, which is an outage). */
function isVersionConflict(error: unknown): boolean {
  return error instanceof errors.ResponseError && error.statusCode === 409;
}

function isMissingDocument(error: unknown): boolean {
  if (!(error instanceof errors.ResponseError) || error.statusCode !== 404) return false;
  const type = errorType(error);
  return type === undefined || type === 'document_missing_exception';
}

async function translated<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw translateWriteFailure(error);
  }
}
