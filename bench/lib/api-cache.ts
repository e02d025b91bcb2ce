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
