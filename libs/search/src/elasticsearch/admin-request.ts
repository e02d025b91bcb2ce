/**
 * Transport options for index administration (create, alias swap, settings, refresh). These wait
 * for cluster-state updates and shard allocation, which on a busy node take longer than the
 * search timeout (ELASTICSEARCH_TIMEOUT_MS); they are not on a request's latency path.
 */
export const ADMIN_REQUEST = { requestTimeout: 30_000 } as const;
