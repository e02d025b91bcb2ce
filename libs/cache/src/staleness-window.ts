import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { generationKey } from './cache-key';
import { type GenerationRef, ResponseCacheStore } from './response-cache.store';

/**
 * Moves generations at most once per CACHE_SEARCH_MAX_STALENESS_MS across all instances: the first
 * change opens a window (claimed in Redis, so one instance owns it), later ones on any instance
 * join it, and the owner sends the bump early enough to land (within the Redis timeout) before the
 * window ends. 0 = strict: every change is moved before `add` resolves.
 * Pending moves are sent when shutdown begins (while Redis is still connected), and changes after
 * that are moved at once; a process that dies first loses them (entries then live until their TTL).
 */
@Injectable()
export class StalenessWindow implements BeforeApplicationShutdown {
  private readonly logger = new Logger('CacheInvalidation');
  private readonly pending = new Map<string, GenerationRef>();
  private timer?: NodeJS.Timeout;
  private windowMs: number;
  private readonly sendAfterMs: number;

  constructor(
    private readonly store: ResponseCacheStore,
    config: AppConfig,
  ) {
    this.windowMs = config.cache.searchMaxStalenessMs;
    this.sendAfterMs = Math.max(0, this.windowMs - config.redis.timeoutMs);
  }

  async add(refs: readonly GenerationRef[]): Promise<void> {
    if (refs.length === 0) return;
    if (this.windowMs === 0) return this.store.bumpGenerations(refs);
    const unowned = refs.filter((ref) => !this.pending.has(nameOf(ref)));
    if (unowned.length === 0) return;
    // Redis away: own them all; the bump waits in the store until it is back.
    const owned = await this.store.claimWindows(unowned, Math.max(1, this.sendAfterMs)).catch(() => unowned);
    if (owned.length === 0) return;
    for (const ref of owned) this.pending.set(nameOf(ref), ref);
    this.timer ??= setTimeout(() => void this.flush(), this.sendAfterMs);
  }

  /** Sends what is pending now. A failed bump stays pending in the store until Redis is back. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const refs = [...this.pending.values()];
    this.pending.clear();
    if (refs.length === 0) return;
    try {
      await this.store.bumpGenerations(refs);
      this.logger.debug({ event: 'cache.generations_moved', refs }, 'generations moved');
    } catch (error) {
      this.logger.warn(
        { event: 'cache.generations_failed', err: String(error) },
        'could not move generations',
      );
    }
  }

  beforeApplicationShutdown(): Promise<void> {
    this.windowMs = 0;
    return this.flush();
  }
}

function nameOf(ref: GenerationRef): string {
  return generationKey('', ref.namespace, ref.field);
}
