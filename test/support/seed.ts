import type { AppConfig } from '@app/config';
import { productsAlias } from '@app/search';
import { eventually, rawEs } from './es';

/** Indexes products straight into the alias the app created at boot, refreshed when it returns. */
export async function seedProducts(config: AppConfig, products: readonly object[]): Promise<void> {
  const es = rawEs(config);
  try {
    const alias = productsAlias(config.elasticsearch.indexPrefix);
    await eventually(() => es.indices.getAlias({ name: alias }));
    const operations = products.flatMap((p) => [
      { index: { _index: alias, _id: (p as { id: string }).id } },
      p,
    ]);
    const bulk = await es.bulk({ operations, refresh: true });
    if (bulk.errors)
      throw new Error(`seeding failed: ${JSON.stringify(bulk.items.find((i) => i.index?.error))}`);
  } finally {
    await es.close();
  }
}
