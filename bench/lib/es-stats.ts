/** Elasticsearch's own count of searches on an index (one shard: one search = one query). */
export async function queryTotal(esNode: string, index: string): Promise<number> {
  const res = await fetch(`${esNode}/${index}/_stats/search`);
  const stats = (await res.json()) as { _all: { total: { search: { query_total: number } } } };
  return stats._all.total.search.query_total;
}

/** CPU time the Elasticsearch processes have used (ms, summed over nodes), from their own stats. */
export async function processCpuMs(esNode: string): Promise<number> {
  const res = await fetch(`${esNode}/_nodes/stats/process`);
  const stats = (await res.json()) as {
    nodes: Record<string, { process: { cpu: { total_in_millis: number } } }>;
  };
  return Object.values(stats.nodes).reduce((sum, node) => sum + node.process.cpu.total_in_millis, 0);
}
