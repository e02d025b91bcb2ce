/** A pino log object as the API writes it (the fields the cache and search code log). */
export type LogObject = Record<string, unknown> & {
  msg?: string;
  req?: { id?: string; method?: string; url?: string };
};

interface Pending {
  elasticsearchMs?: number;
  ttlMs?: number;
  told?: boolean;
}

/** Keeps the state of at most this many requests whose lines are still coming. */
const MAX_PENDING = 1000;
const NOISE_CONTEXTS = new Set(['RouterExplorer', 'RoutesResolver', 'InstanceLoader']);

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;
const millis = (ms: number): string => `${Math.round(ms)} ms`;
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * Turns the structured lines of one request into the sentence a person reads in a terminal:
 * `MISS GET /search?q=… → elasticsearch 12 ms → stored in redis (ttl 60 s)`, then
 * `HIT GET /search?q=… served from redis (age 3 s)`. The lines a request's story is made of
 * (the Elasticsearch query, the store) are folded into it; other lines stay one line each.
 * Returns undefined for a line that is folded (or is boot noise).
 */
export class RequestStory {
  private readonly pending = new Map<string, Pending>();

  line(log: LogObject): string | undefined {
    const id = log.req?.id;
    const target = `${log.req?.method ?? 'GET'} ${readable(log.req?.url ?? '?')}`;
    switch (log.event) {
      case 'elasticsearch.query':
        if (id === undefined) break;
        this.note(id).elasticsearchMs = num(log.tookMs);
        return undefined;
      case 'cache.store':
        if (id === undefined) break;
        this.note(id).ttlMs = num(log.ttlMs);
        return undefined;
      case 'cache.miss':
        return this.miss(log, id, target);
      case 'cache.hit':
        return `${String(log.cache)} ${target} served from redis (age ${seconds(num(log.ageMs) ?? 0)})`;
    }
    if (typeof log.context === 'string' && NOISE_CONTEXTS.has(log.context)) return undefined;
    if (log.res !== undefined && id !== undefined) return this.completed(log, id, target);
    return this.plain(log);
  }

  private miss(log: LogObject, id: string | undefined, target: string): string {
    const pending = id === undefined ? {} : this.note(id);
    pending.told = true;
    const es = pending.elasticsearchMs ?? num(log.loadMs);
    let line = `${String(log.cache)} ${target} → elasticsearch${es === undefined ? '' : ` ${millis(es)}`}`;
    if (pending.ttlMs !== undefined) line += ` → stored in redis (ttl ${seconds(pending.ttlMs)})`;
    else if (log.cache === 'BYPASS') line += ' (redis unavailable: not stored)';
    return line;
  }

  /** pino-http's line: dropped when the request's story was told and it went well. */
  private completed(log: LogObject, id: string, target: string): string | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    const status = num((log.res as { statusCode?: unknown }).statusCode) ?? 0;
    if (pending?.told && status < 400) return undefined;
    const es =
      pending?.elasticsearchMs === undefined ? '' : ` (elasticsearch ${millis(pending.elasticsearchMs)})`;
    return `${status} ${target} ${millis(num(log.responseTime) ?? 0)}${es}`;
  }

  private plain(log: LogObject): string {
    const context = typeof log.context === 'string' ? `[${log.context}] ` : '';
    const extras = Object.entries(log)
      .filter(([key, value]) => !OMITTED.has(key) && value !== undefined && typeof value !== 'object')
      .map(([key, value]) => `${key}=${String(value)}`);
    const err = log.err === undefined ? [] : [`err=${errorText(log.err)}`];
    return [`${context}${log.msg ?? ''}`, ...extras, ...err].join(' ');
  }

  private note(id: string): Pending {
    let pending = this.pending.get(id);
    if (!pending) {
      if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
      pending = {};
      this.pending.set(id, pending);
    }
    return pending;
  }
}

/** `/search?q=usb%20cable` reads as `/search?q=usb cable`; a malformed escape stays as sent. */
function readable(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

const OMITTED = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'context', 'event', 'err', 'req', 'res']);

function errorText(err: unknown): string {
  if (typeof err === 'string') return err;
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' ? message : JSON.stringify(err);
}
