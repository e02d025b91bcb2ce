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
