import type { Client } from '@elastic/elasticsearch';

/**
 * Searches Elasticsearch itself counted on one index (behind `alias`): the query phase of one
 * search on our one-shard index counts 1. Per index, not per node, so searches other tests or
 * benchmarks send to the same node at the same time do not count.
 */
export async function searchQueryTotal(es: Client, alias: string): Promise<number> {
  const stats = await es.indices.stats({ index: alias, metric: 'search' });
  return stats._all.primaries?.search?.query_total ?? Number.NaN;
}

/** Document GETs Elasticsearch served on the index behind `alias` (what GET /catalog/products/:id costs). */
export async function getTotal(es: Client, alias: string): Promise<number> {
  const stats = await es.indices.stats({ index: alias, metric: 'get' });
  return stats._all.primaries?.get?.total ?? Number.NaN;
}
