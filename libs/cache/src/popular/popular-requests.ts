import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { CacheContext } from '../cache-context';
import type { CacheSlot } from '../response-cache.store';
import { RedisConnection, withTimeout } from '@app/redis';

/** How often the local counts go to Redis (one EVAL per interval while requests come in). */
const FLUSH_MS = 1_000;
/** Canonical requests kept per hour in Redis: the rest is trimmed at every flush. */
export const POPULAR_KEPT_PER_HOUR = 1_000;
/** Distinct canonical requests counted locally between two flushes; more wait for the next. */
const LOCAL_LIMIT = 10_000;
/** Longest list `GET /cache/popular` returns. */
export const POPULAR_LIST_MAX = 100;
const HOUR_MS = 3_600_000;
const HOURS = 24;

/**
 * Per flush, for one hour: ZINCRBY each member, remember one URL per member (HSETNX), record the
 * zero-result members, trim the hour to its top ARGV[1] (dropping the trimmed members' URLs), and
 * expire the three keys 24 h after their hour. The keys share one hash tag (one Cluster slot).
 * KEYS: counts, urls, zero. ARGV: kept, expireAt (s), n, n × (member, count, url), then (member, url)…
 */
const FLUSH_SCRIPT = `
local n = tonumber(ARGV[3])
local i = 4
for _ = 1, n do
  redis.call('ZINCRBY', KEYS[1], ARGV[i + 1], ARGV[i])
  redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 2])
  i = i + 3
end
while i < #ARGV do
  if redis.call('HLEN', KEYS[3]) < tonumber(ARGV[1]) then redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 1]) end
  i = i + 2
end
local extra = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[1])
if extra > 0 then
  local gone = redis.call('ZRANGE', KEYS[1], 0, extra - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, extra - 1)
  redis.call('HDEL', KEYS[2], unpack(gone))
end
for k = 1, 3 do redis.call('EXPIREAT', KEYS[k], ARGV[2]) end
return 1
`;

export interface PopularRequest {
  /** The request as a client sent it (the first URL seen for its canonical key). */
  readonly url: string;
  /** Requests counted over the last 24 h (per-hour top lists summed: see README). */
  readonly requests: number;
}

interface Pending {
  url: string;
  count: number;
}

/**
 * Requests per canonical cache key, for `GET /cache/popular` and for warming after a purge.
 * Counted in process (a map increment on the hit path) and flushed once a second into per-hour
 * sorted sets, each trimmed to its top POPULAR_KEPT_PER_HOUR and expiring 24 h after its hour:
 * memory in Redis is bounded by 24 × that many members. Counting is best effort: a flush that
 * fails (Redis away) is dropped, and a member trimmed from an hour loses that hour's count.
 */
@Injectable()
export class PopularRequests implements OnApplicationShutdown {
  private readonly logger = new Logger('PopularRequests');
  private readonly prefix: string;
  private counts = new Map<string, Pending>();
  private zero = new Map<string, string>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisConnection,
    config: AppConfig,
  ) {
    this.prefix = `${config.cache.keyPrefix}:{popular}`;
  }

  /** One request of a canonical key (`url` is kept as the one to replay). */
  count(context: CacheContext, url: string): void {
    const member = memberOf(context);
    if (member === undefined) return;
    const pending = this.counts.get(member);
    if (pending) pending.count++;
    else if (this.counts.size < LOCAL_LIMIT) this.counts.set(member, { url, count: 1 });
    this.schedule();
  }

  /** The request's response lists nothing (learned when it is filled). */
  zeroResults(context: CacheContext, url: string): void {
    const member = memberOf(context);
    if (member === undefined || this.zero.size >= LOCAL_LIMIT) return;
    this.zero.set(member, url);
    this.schedule();
  }

  /** The most requested canonical requests of the last 24 h, and those with zero results. */
  async top(
    limit: number,
    nowMs = Date.now(),
  ): Promise<{ top: PopularRequest[]; zeroResults: PopularRequest[] }> {
    await this.flush();
    const hours = lastHours(nowMs);
    const client = this.redis.client;
    const call = <T>(promise: Promise<T>): Promise<T> => withTimeout(promise, this.redis.timeoutMs);
    const keys = hours.map((h) => this.key('req', h)) as [string, ...string[]];
    const scored = await call(client.zUnionWithScores(keys));
    const requests = new Map(scored.map(({ value, score }) => [value, score]));
    const ranked = [...requests.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit);
    const urls = await this.urls(
      ranked.map(([member]) => member),
      hours,
    );
    const top = ranked.flatMap(([member, n]) => {
      const url = urls.get(member);
      return url === undefined ? [] : [{ url, requests: n }];
    });
    const zeroSeen = new Map<string, string>();
    for (const h of hours) {
      for (const [member, url] of Object.entries(await call(client.hGetAll(this.key('zero', h))))) {
        zeroSeen.set(member, url);
      }
    }
    const zeroResults = [...zeroSeen.entries()]
      .map(([member, url]) => ({ url, requests: requests.get(member) ?? 0 }))
      .sort((a, b) => b.requests - a.requests)
      .slice(0, limit);
    return { top, zeroResults };
  }

  /** Sends what was counted so far (also called before listing, so a list includes it). */
  async flush(nowMs = Date.now()): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.counts.size === 0 && this.zero.size === 0) return;
    const counts = this.counts;
    const zero = this.zero;
    this.counts = new Map();
    this.zero = new Map();
    if (!this.redis.isReady) return;
    const hour = Math.floor(nowMs / HOUR_MS);
    const args = [
      String(POPULAR_KEPT_PER_HOUR),
      String(Math.ceil(((hour + 1) * HOUR_MS + HOURS * HOUR_MS) / 1000)),
      String(counts.size),
    ];
    for (const [member, { url, count }] of counts) args.push(member, String(count), url);
    for (const [member, url] of zero) args.push(member, url);
    const keys = [this.key('req', hour), this.key('url', hour), this.key('zero', hour)];
    try {
      await withTimeout(
        this.redis.client.eval(FLUSH_SCRIPT, { keys, arguments: args }),
        this.redis.timeoutMs,
      );
    } catch (error) {
      this.logger.warn({ event: 'cache.popular_flush_failed', err: String(error) }, 'request counts dropped');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  /** One URL per member: the most recent hour that still holds it. */
  private async urls(members: readonly string[], hours: readonly number[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (members.length === 0) return found;
    for (const h of [...hours].reverse()) {
      const missing = members.filter((m) => !found.has(m));
      if (missing.length === 0) break;
      const values = await withTimeout(
        this.redis.client.hmGet(this.key('url', h), missing),
        this.redis.timeoutMs,
      );
      values.forEach((value, i) => {
        if (typeof value === 'string') found.set(missing[i], value);
      });
    }
    return found;
  }

  private key(kind: 'req' | 'url' | 'zero', hour: number): string {
    return `${this.prefix}:${kind}:${hour}`;
  }
}

/** Per slot (the canonicalizer keeps one per URL): no key joined per request on the hit path. */
const members = new WeakMap<CacheSlot, string>();

/** The canonical key: the route and the request hash (a valid request only). */
function memberOf(context: CacheContext): string | undefined {
  const slot = context.slot;
  if (!slot) return undefined;
  let member = members.get(slot);
  if (member === undefined) members.set(slot, (member = `${context.options.route}:${slot.hash}`));
  return member;
}

function lastHours(nowMs: number): number[] {
  const current = Math.floor(nowMs / HOUR_MS);
  return Array.from({ length: HOURS }, (_, i) => current - HOURS + 1 + i);
}
