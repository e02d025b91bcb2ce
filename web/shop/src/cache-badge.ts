/** What this service adds to each Algolia result: how it was answered. */
interface CachedResult {
  cache?: { status: string; ageMS: number };
}

/** Worst first: the answer is only as cached as its least cached query (the X-Cache summary). */
const ORDER = ['BYPASS', 'MISS', 'STALE', 'HIT'];

/**
 * The badge in the header: whether the last answer came from the cache, and how long the round
 * trip took as the browser saw it. Per-query states are in its tooltip.
 */
export function showCacheState(badge: HTMLElement, results: readonly unknown[], elapsedMs: number): void {
  const states = results.map((result) => (result as CachedResult).cache?.status ?? 'unknown');
  const summary = ORDER.find((state) => states.includes(state)) ?? 'unknown';
  badge.dataset.cache = summary;
  badge.textContent = `${summary} · ${Math.round(elapsedMs)} ms`;
  badge.title = `last answer: ${states.length} ${states.length === 1 ? 'query' : 'queries'} (${states.join(', ')})`;
}
