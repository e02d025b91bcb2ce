import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ElasticsearchService } from '@nestjs/elasticsearch';
import { BulkIngestionService, type Product, ProductRepository, validateProduct } from '@app/catalog';
import { type AppConfig, AppConfigModule } from '@app/config';
import { MetricsModule } from '@app/observability';
import { ProductIndexAdmin, ProductSearch, SearchModule } from '@app/search';

/** The app's own providers (index admin, repository, ingestion, search) pointed at the eval prefix. */
@Module({})
class EvalModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: EvalModule,
      imports: [AppConfigModule.forRoot(config), MetricsModule, SearchModule],
      providers: [BulkIngestionService],
    };
  }
}

export interface EvalContext {
  search: ProductSearch;
  es: ElasticsearchService;
  alias: string;
  load(products: readonly Product[]): Promise<number>;
  count(): Promise<number>;
  drop(): Promise<void>;
  close(): Promise<void>;
}

export async function openEvalContext(config: AppConfig): Promise<EvalContext> {
  const app: INestApplicationContext = await NestFactory.createApplicationContext(
    EvalModule.forRoot(config),
    {
      logger: ['error'],
    },
  );
  const admin = app.get(ProductIndexAdmin);
  const es = app.get(ElasticsearchService);
  const drop = async (): Promise<void> => {
    const indices = await admin.physicalIndices();
    if (indices.length > 0) await es.indices.delete({ index: indices });
  };
  return {
    search: app.get(ProductSearch),
    es,
    alias: admin.alias,
    // A fresh index every run, so mapping or analyzer changes are always measured.
    load: async (products) => {
      await drop();
      await admin.ensureIndex();
      // Validated like a seed file, so the harness indexes exactly what the catalog would accept.
      const entries = products.map((product, i) => {
        const valid = validateProduct(product);
        return valid.ok ? { line: i + 1, product: valid.product } : { line: i + 1, reason: valid.reason };
      });
      const report = await app
        .get(BulkIngestionService)
        .ingest(entries, { batchSize: 500, concurrency: 2, refresh: false });
      await app.get(ProductRepository).refresh();
      if (report.failed > 0)
        throw new Error(
          `failed to index ${report.failed} documents: ${JSON.stringify(report.errors.slice(0, 3))}`,
        );
      return report.indexed;
    },
    count: async () => (await es.count({ index: admin.alias })).count,
    drop,
    close: () => app.close(),
  };
}
