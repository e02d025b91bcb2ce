import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { generationKey } from './cache-key';
import { stalenessSplit } from './generation';
import { type GenerationRef, ResponseCacheStore, type WindowClaim } from './response-cache.store';

/**
 * Moves generations at most once per window across all instances; the window is the part of
 * CACHE_SEARCH_MAX_STALENESS_MS not taken by the grace after a move (stalenessSplit), so a write
 * moves within the window and copies from before it stand in for at most the grace. A change
 * that finds no window open claims one in Redis and moves the generation at once; changes while it
 * is open (on any instance) are moved together when it ends, by whichever instance then claims the
 * next window — a claim made after a change is always followed by a move that covers it. Windows
 * end early enough for that move to land (within the Redis timeout) inside the bound. So a single
 * write shows at once, and what was filled after a move stays until a later change needs it gone.
 * 0 = strict: every change is moved before `add` resolves. Changes still waiting are moved when
 * shutdown begins (Redis still connected), later ones at once; a process that dies first loses
 * them (those listings then live until their TTL).
 */
@Injectable()
export class StalenessWindow implements BeforeApplicationShutdown {
  private readonly logger = new Logger('CacheInvalidation');
  /** Changes that found a window open, by generation, with the timer that moves them when it ends. */
  private readonly waiting = new Map<string, { ref: GenerationRef; timer: NodeJS.Timeout }>();
  private windowMs: number;
  private readonly claimMs: number;

  constructor(
    private readonly store: ResponseCacheStore,
    config: AppConfig,
  ) {
    this.windowMs = stalenessSplit(config.cache.searchMaxStalenessMs).windowMs;
    this.claimMs = Math.max(1, this.windowMs - config.redis.timeoutMs);
  }

  async add(refs: readonly GenerationRef[]): Promise<void> {
    if (refs.length === 0) return;
    if (this.windowMs === 0) return this.store.bumpGenerations(refs, true);
    // Already waiting for the end of the window that is open: that move covers these too.
    const fresh = refs.filter((ref) => !this.waiting.has(nameOf(ref)));
    if (fresh.length > 0) await this.claimOrWait(fresh);
  }

  private async claimOrWait(refs: readonly GenerationRef[]): Promise<void> {
    // Redis away: move them all; the store keeps the move until Redis is back.
    const claims = await this.store
      .claimWindows(refs, this.claimMs)
      .catch((): WindowClaim[] => refs.map((ref) => ({ ref })));
    const claimed = claims.filter((c) => c.openForMs === undefined).map((c) => c.ref);
    for (const { ref, openForMs } of claims) {
      if (openForMs === undefined || this.waiting.has(nameOf(ref))) continue;
      const timer = setTimeout(() => void this.whenWindowEnds(ref), openForMs);
      this.waiting.set(nameOf(ref), { ref, timer });
    }
    if (claimed.length > 0) await this.move(claimed);
  }

  /** The window a change found open has ended: claim the next one and move, unless another did. */
  private async whenWindowEnds(ref: GenerationRef): Promise<void> {
    this.waiting.delete(nameOf(ref));
    const [claim] = await this.store.claimWindows([ref], this.claimMs).catch((): WindowClaim[] => [{ ref }]);
    // Claimed by another instance after the window ended, so after this change: its move covers it.
    if (claim.openForMs === undefined) await this.move([ref]);
  }

  private async move(refs: readonly GenerationRef[]): Promise<void> {
    try {
      await this.store.bumpGenerations(refs, true);
      this.logger.debug({ event: 'cache.generations_moved', refs }, 'generations moved');
    } catch (error) {
      // The store keeps a move it could not send and sends it before its next lookup.
      this.logger.warn(
        { event: 'cache.generations_failed', err: String(error) },
        'could not move generations',
      );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.windowMs = 0;
    const refs = [...this.waiting.values()].map(({ ref, timer }) => {
      clearTimeout(timer);
      return ref;
    });
    this.waiting.clear();
    if (refs.length > 0) await this.move(refs);
  }
}

function nameOf(ref: GenerationRef): string {
  return generationKey('', ref.namespace, ref.field);
}
