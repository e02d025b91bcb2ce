import type { LoggedRequest } from '@app/observability';
import type { ProductTerms } from './elasticsearch/listing-check';
import type { ListingBody } from './query/listing-patch';
import type { SearchParams, SuggestParams } from './query/search-params';
import type { SearchResponse, SuggestResponse } from './search-response';

/**
 * Full-text search over the product catalog (the DI token; the Elasticsearch adapter implements it).
 *
 * Contract:
 * - `params` are already validated and defaulted (the HTTP DTO does that); user text is never
 *   interpreted as query syntax.
 * - Bad combinations the DTO cannot see (page × size past the window, a cursor of another query,
 *   minPrice > maxPrice) reject with `SearchError` and a 4xx code; an unreachable or slow
 *   backend rejects with `SearchError` 'search_unavailable' / 'search_timeout'. Nothing else
 *   from the backend leaks to the caller.
 * - Results are deterministic for a given index state: every sort ends with the product id, so
 *   pages and cursors neither repeat nor skip hits.
 * - `tookMs` is the backend's own time, for logging and for the `Server-Timing` header of the
 *   response that ran the search (it is not part of the HTTP body, which is cached).
 * - `req`, when given, is the request the search runs for: its log line names it.
 */
export abstract class ProductSearch {
  abstract search(params: SearchParams, req?: LoggedRequest): Promise<SearchResponse>;

  /** Title and brand completions for a prefix; small and fast, for typeahead. */
  abstract suggest(params: SuggestParams, req?: LoggedRequest): Promise<SuggestResponse>;

  /**
   * Which of these search texts (`q`) list at least one of the products, whatever their filters:
   * the searches a change of those products' price, stock or rating can alter. With `before`
   * (productTerms read before a write of their text), also every text that could have listed one
   * of them then. One round trip; a text that cannot be checked counts as listing them.
   */
  abstract textsListing(
    productIds: readonly string[],
    texts: readonly string[],
    before?: ProductTerms,
  ): Promise<ReadonlySet<string>>;

  /** The products' indexed terms now, for a `textsListing` after they are written. One round trip. */
  abstract productTerms(productIds: readonly string[]): Promise<ProductTerms>;

  /**
   * The listings after one product's availability flipped, each patched (total, facet counts) where
   * that provably equals a fresh search of it: the product sorts after its page and nothing shown
   * depends on what the page cannot see. The same body where the product counts nowhere in it;
   * undefined where it must be searched again. One round trip.
   */
  abstract availabilityPatches(
    productId: string,
    listings: readonly { readonly params: SearchParams; readonly body: ListingBody }[],
  ): Promise<readonly (ListingBody | undefined)[]>;

  /**
   * The listings after a write of one product's text (title, description), for listings that do not
   * show it: the same body where its hits provably stay what a search returns (listing-patches.ts:
   * its filters fail the product, or it sorts after the page); its total and facet counts may lag.
   * Undefined where it must be searched again. One round trip (two with typos).
   */
  abstract textWritePatches(
    productId: string,
    listings: readonly { readonly params: SearchParams; readonly body: ListingBody }[],
  ): Promise<readonly (ListingBody | undefined)[]>;
}
