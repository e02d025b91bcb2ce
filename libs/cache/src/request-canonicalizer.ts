import { BadRequestException, Injectable } from '@nestjs/common';
import { AppValidationPipe } from '@app/observability';
import { requestHash } from './cache-key';
import { type CacheAsideOptions, FILTER_FIELDS } from './cache-aside.options';
import type { CacheSlot } from './response-cache.store';

/** URLs remembered per route (the oldest forgotten first). */
const MEMO_LIMIT = 10_000;

/**
 * Turns a raw request into its cache slot: the canonical hash, and the filter fields the route
 * says the request depends on. The query is validated by a ValidationPipe with
 * the app's options, so the key comes from the same DTO the controller receives. Validation is
 * the costly part of a hit, and it is a pure function of the URL: results are memoized per URL.
 */
@Injectable()
export class RequestCanonicalizer {
  private readonly pipe = new AppValidationPipe();
  /** Per route, per URL (a Map per route: no key joined per request on the hit path). */
  private readonly memo = new Map<string, Map<string, CacheSlot | null>>();

  /** The memoized slot of this URL (null: invalid), or undefined if it has not been seen. */
  known(options: CacheAsideOptions, url: string): CacheSlot | null | undefined {
    return this.memo.get(options.route)?.get(url);
  }

  /** The request's slot, or null when the request is invalid (the controller's pipe answers 400). */
  async slot(
    options: CacheAsideOptions,
    url: string,
    query: unknown,
    params: Readonly<Record<string, string>>,
  ): Promise<CacheSlot | null> {
    const known = this.known(options, url);
    if (known !== undefined) return known;
    const slot = await this.compute(options, query, params);
    let memo = this.memo.get(options.route);
    if (!memo) this.memo.set(options.route, (memo = new Map<string, CacheSlot | null>()));
    if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
    memo.set(url, slot);
    return slot;
  }

  private async compute(
    options: CacheAsideOptions,
    query: unknown,
    params: Readonly<Record<string, string>>,
  ): Promise<CacheSlot | null> {
    let dto: object | undefined;
    if (options.query) {
      try {
        dto = (await this.pipe.transform(query ?? {}, { type: 'query', metatype: options.query })) as object;
      } catch (error) {
        if (error instanceof BadRequestException) return null;
        throw error;
      }
    }
    const picked = Object.fromEntries((options.params ?? []).map((name) => [name, String(params[name])]));
    const hash = requestHash({
      route: options.route,
      params: picked,
      query: dto,
      caseInsensitive: options.caseInsensitive,
    });
    const used = new Set(options.filtersOn?.(dto) ?? []);
    const filters = FILTER_FIELDS.filter((f) => used.has(f));
    const text = options.listingText?.(dto);
    if (text === undefined) return { namespace: options.namespace, hash, filters };
    return { namespace: options.namespace, hash, filters, text, request: JSON.stringify(dto) };
  }
}
