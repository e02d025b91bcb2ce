import { Injectable, Logger } from '@nestjs/common';
import type { Product, ProductChange, ProductField } from '@app/catalog';
import type { LoggedRequest } from '@app/observability';
import type { CacheAsideOptions } from './cache-aside.options';
import { stateOf, type WriteNumbers } from './load-span';
import { patchedEntry, storedBody } from './patched-entry';
import { type KeepShown, ResponseCacheStore, type ShownResponse } from './response-cache.store';

/** One product's update, with its state after the write and the write's first number. */
interface ProductUpdate {
  readonly product: Product;
  readonly fields: readonly ProductField[];
  readonly startedAt: number;
}

/**
 * The responses showing a product that one update of it leaves unchanged, or changes only in what
 * they show of it (a search hit's stock count; a product page, which is the product), are kept or
 * brought up to date in place instead of being retired and loaded again; each route says how
 * (`refreshShown`). A copy is rewritten only if it was loaded before the write was sent (LoadSpan)
 * and nothing replaced it since (compare-and-set), from the product as the store holds it after
 * the write; it keeps its tag, so a later write of the product finds it again. Anything else is
 * retired as before.
 */
@Injectable()
export class ShownPatcher {
  private readonly logger = new Logger('CacheInvalidation');
  private readonly routes = new Map<string, CacheAsideOptions>();

  constructor(private readonly store: ResponseCacheStore) {}

  /** A cached route's options, at boot: what its stored responses can be brought up to date by. */
  learn(options: CacheAsideOptions): void {
    if (options.refreshShown) this.routes.set(options.route, options);
  }

  /** What retireShowing may keep for this change; undefined when it must retire everything. */
  keeperFor(change: ProductChange, req?: LoggedRequest): KeepShown | undefined {
    if (change.kind !== 'update' || change.ids.length !== 1 || this.routes.size === 0) return undefined;
    const { product, fields, startedAt } = change;
    if (product?.id !== change.ids[0] || startedAt === undefined) return undefined;
    return (shown, write) => this.keep({ product, fields, startedAt }, shown, write, req);
  }

  private async keep(
    update: ProductUpdate,
    shown: readonly ShownResponse[],
    write: number,
    req: LoggedRequest | undefined,
  ): Promise<ReadonlySet<string>> {
    const kept = new Set<string>();
    await Promise.all(
      shown.map(async (response) => {
        try {
          if (await this.keepOne(update, response, { startedAt: update.startedAt, write })) {
            kept.add(response.key);
          }
        } catch (error) {
          this.logger.warn({ event: 'cache.shown_unpatched', err: String(error), req }, 'retiring instead');
        }
      }),
    );
    this.logger.debug(
      { event: 'cache.shown_patched', of: shown.length, kept: kept.size, req },
      'responses showing the product kept or brought up to date in place',
    );
    return kept;
  }

  private async keepOne(
    update: ProductUpdate,
    response: ShownResponse,
    write: WriteNumbers,
  ): Promise<boolean> {
    const route = response.route === undefined ? undefined : this.routes.get(response.route);
    if (!route?.refreshShown) return false;
    const stored = await this.store.readStored(response.namespace, response.hash);
    if (!stored) return false;
    const body = storedBody<unknown>(stored);
    const after = route.refreshShown(body, update.product, update.fields);
    if (after === undefined) return false;
    // It shows nothing this write changed, whatever it was loaded from.
    if (after === body) return true;
    // A copy that may hold a later write's values must not get this one's.
    if (stateOf(stored.span, write) !== 'before') return false;
    const patched = patchedEntry(stored, after);
    // What it shows of the product is the write's own result, known once the write was visible.
    const span = { from: stored.span.from, to: write.write };
    return (
      patched !== undefined &&
      this.store.replaceStored(response.namespace, response.hash, stored, patched, write.write, span)
    );
  }
}
