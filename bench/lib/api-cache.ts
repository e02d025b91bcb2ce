/** What the bench and the soak ask of a running API's cache: warm it, read its outcome counters. */
import { CLIENT_HEADERS } from './queries';

/** Served cached-route requests by outcome (hit, miss, stale, bypass), from the API's own counters. */
export async function cacheStates(origin: string): Promise<Record<string, number>> {
  return parseCacheStates(await (await fetch(`${origin}/metrics`)).text());
}

/** `cache_requests_total` of a Prometheus text, summed over routes. */
export function parseCacheStates(metricsText: string): Record<string, number> {
  const states: Record<string, number> = {};
  for (const match of metricsText.matchAll(/^cache_requests_total\{([^}]*)\} (\S+)$/gm)) {
    const result = /result="([^"]+)"/.exec(match[1])?.[1];
    if (result) states[result] = (states[result] ?? 0) + Number(match[2]);
  }
  return states;
}

/** Elasticsearch round trips the API made, by operation: how many, and their seconds summed. */
export async function elasticsearchTrips(origin: string): Promise<Record<string, Trips>> {
  return parseElasticsearchTrips(await (await fetch(`${origin}/metrics`)).text());
}

export interface Trips {
  count: number;
  seconds: number;
}

/** `elasticsearch_query_duration_seconds` `_count` and `_sum` of a Prometheus text, by operation. */
export function parseElasticsearchTrips(metricsText: string): Record<string, Trips> {
  const trips: Record<string, Trips> = {};
  const series = /^elasticsearch_query_duration_seconds_(count|sum)\{operation="([^"]+)"\} (\S+)$/gm;
  for (const [, kind, operation, value] of metricsText.matchAll(series)) {
    const entry = (trips[operation] ??= { count: 0, seconds: 0 });
    if (kind === 'count') entry.count = Number(value);
    else entry.seconds = Number(value);
  }
  return trips;
}

/** Requests every path once (8 at a time): misses fill, hits cost little. */
export async function warm(origin: string, paths: readonly string[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const res = await fetch(origin + paths[next++], { headers: CLIENT_HEADERS });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`warm ${paths[next - 1]}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
