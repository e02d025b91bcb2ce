import type { CachedResponse } from './cached-response';
import type { CacheLookup, Generation } from './response-cache.store';

/**
 * One generation (a namespace's, or one filter field's in it) as the store knows it: its value,
 * the value it replaced, when that move happened, and whether the move was `soft` — made by the
 * staleness window for a change whose visibility is bounded (CACHE_SEARCH_MAX_STALENESS_MS) — so a
 * copy filled for the previous value may stand in (STALE) for a short grace after the move while
 * one refresh runs. Hard moves (reindex, purge, synonyms, Redis failures) retire at once.
 */
export interface GenerationState {
  readonly value: number;
  readonly previous: number;
  /** When the move to `value` happened (ms since the epoch); 0 when unknown. */
  readonly movedAtMs: number;
  readonly soft: boolean;
}

export const INITIAL_GENERATION: GenerationState = { value: 0, previous: 0, movedAtMs: 0, soft: false };

/** What an entry filled for `label` is worth under the current generations. */
export type Freshness = 'fresh' | 'previous' | 'retired';

/**
 * `fresh`: filled for the current generations (or later ones this caller has not learned yet).
 * `previous`: filled for the generation right before a soft move of each ref that moved, every one
 * of those moves at most `graceMs` ago — the copy may be served STALE while one refresh runs.
 * Anything else is `retired`. With the move bounded by the window (at most CACHE_SEARCH_MAX_STALENESS_MS
 * minus the grace after the write) and the copy by the grace after the move, the first move after a
 * copy's fill comes no later than the window after any write the copy misses, so a write is visible
 * within the bound (StalenessWindow).
 */
export function freshness(
  label: Generation,
  current: readonly GenerationState[],
  nowMs: number,
  graceMs: number,
): Freshness {
  if (label.length !== current.length) return 'retired';
  let fresh = true;
  for (let i = 0; i < label.length; i++) {
    const state = current[i];
    if (label[i] >= state.value) continue;
    fresh = false;
    const justBefore = label[i] >= state.previous && state.soft && graceMs > 0;
    if (!justBefore || nowMs - state.movedAtMs > graceMs) return 'retired';
  }
  return fresh ? 'fresh' : 'previous';
}

/** Redis form `value:previous:s|h` (value = the move's Redis TIME in ms); a bare integer is a legacy counter. */
export function parseGeneration(raw: string | null | undefined): GenerationState {
  if (!raw) return INITIAL_GENERATION;
  const [value, previous, kind] = raw.split(':');
  const v = Number(value);
  if (!Number.isFinite(v)) return INITIAL_GENERATION;
  if (previous === undefined) return { value: v, previous: v, movedAtMs: 0, soft: false };
  return { value: v, previous: Number(previous), movedAtMs: v, soft: kind === 's' };
}

/**
 * How CACHE_SEARCH_MAX_STALENESS_MS is split: a write moves its generation within `windowMs`
 * (StalenessWindow), and copies of the generation before a soft move are served for `graceMs` after
 * it, so window + grace = the bound. 0 = strict: no window, no grace.
 */
export function stalenessSplit(maxStalenessMs: number): { windowMs: number; graceMs: number } {
  const graceMs = Math.floor(maxStalenessMs / 2);
  return { windowMs: maxStalenessMs - graceMs, graceMs };
}

/** A stored copy as a store read it: the generations it was filled for, and whether a write superseded it. */
export interface StoredCopy {
  readonly label: Generation;
  readonly entry: CachedResponse;
  /** Superseded by a write (retireListings): only ever `previous`, for the rest of its short life. */
  readonly superseded?: boolean;
}

/** What a lookup finds: the copy as fresh, as `previous` (STALE while one refresh runs), or nothing. */
export function lookupOf(
  current: readonly GenerationState[],
  copy: StoredCopy | undefined,
  nowMs: number,
  graceMs: number,
): CacheLookup {
  const generation = current.map((state) => state.value);
  if (!copy) return { generation };
  const worth = freshness(copy.label, current, nowMs, graceMs);
  if (worth === 'retired') return { generation };
  return worth === 'fresh' && !copy.superseded
    ? { generation, entry: copy.entry }
    : { generation, previous: copy.entry };
}
