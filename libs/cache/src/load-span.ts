import type { LoadSpan } from './response-cache.store';

/** A write's numbers: taken before it was sent (`startedAt`) and once it was visible (`write`). */
export interface WriteNumbers {
  readonly startedAt: number;
  readonly write: number;
}

/**
 * Whether a stored copy was loaded before the write was sent, after it was visible, or it cannot
 * be told (NaN compares false: unknown).
 */
export function stateOf(span: LoadSpan, write: WriteNumbers): 'before' | 'after' | 'unknown' {
  if (span.to < write.startedAt) return 'before';
  if (span.from >= write.write) return 'after';
  return 'unknown';
}
