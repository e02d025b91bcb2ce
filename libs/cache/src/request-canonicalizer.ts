import { BadRequestException, Injectable } from '@nestjs/common';
import { AppValidationPipe } from '@app/observability';
import { requestHash } from './cache-key';
import type { CacheAsideOptions } from './cache-aside.options';

const MEMO_LIMIT = 10_000;

/**
 * Turns a raw request into its canonical hash. The query is validated by a ValidationPipe with
 * the app's options, so the key comes from the same DTO the controller receives. Validation is
 * the costly part of a hit, and it is a pure function of the URL: results are memoized per URL.
 */
@Injectable()
export class RequestCanonicalizer {
  private readonly pipe = new AppValidationPipe();
  private readonly memo = new Map<string, string | null>();

  /** The memoized hash of this URL (null: invalid), or undefined if it has not been seen. */
  known(options: CacheAsideOptions, url: string): string | null | undefined {
    return this.memo.get(memoKey(options, url));
  }

  /** The request hash, or null when the request is invalid (the controller's pipe answers 400). */
  async hash(
    options: CacheAsideOptions,
    url: string,
    query: unknown,
    params: Readonly<Record<string, string>>,
  ): Promise<string | null> {
    const key = memoKey(options, url);
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const hash = await this.compute(options, query, params);
    if (this.memo.size >= MEMO_LIMIT) this.memo.delete(this.memo.keys().next().value as string);
    this.memo.set(key, hash);
    return hash;
  }

  private async compute(
    options: CacheAsideOptions,
    query: unknown,
    params: Readonly<Record<string, string>>,
  ): Promise<string | null> {
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
    return requestHash({
      route: options.route,
      params: picked,
      query: dto,
      caseInsensitive: options.caseInsensitive,
    });
  }
}

function memoKey(options: CacheAsideOptions, url: string): string {
  return `${options.route}\u0000${url}`;
}
