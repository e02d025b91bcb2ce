/** Elasticsearch's own count of searches on an index (one shard: one search = one query). */
export async function queryTotal(esNode: string, index: string): Promise<number> {
  const res = await fetch(`${esNode}/${index}/_stats/search`);
  const stats = (await res.json()) as { _all: { total: { search: { query_total: number } } } };
  return stats._all.total.search.query_total;
}
