import type { Type } from '@nestjs/common';
import type { Product, ProductField } from '@app/catalog';
import type { CacheRoute } from '@app/config';

/** What `@CacheAside()` declares for a GET route. */
export interface CacheAsideOptions {
  /** Which configured TTL applies (CACHE_<ROUTE>_TTL_MS, else CACHE_TTL_MS). */
  readonly route: CacheRoute;
  /** Generation scope: a catalog write bumps it and every key in it is retired at once. */
  readonly namespace: CacheNamespace;
  /** The route's query DTO: validated exactly like the ValidationPipe does, then hashed. */
  readonly query?: Type<object>;
  /** Path parameters that are part of the key. */
  readonly params?: readonly string[];
  /** Query fields whose case never changes the response. */
  readonly caseInsensitive?: readonly string[];
  /** Ids of the products a response shows: writing one retires the response before the write returns. */
  shows?(body: unknown): readonly string[];
  /**
   * A stored response showing `product`, brought up to date with a write that changed only
   * `fields` of it, without loading it again: the body as a load would give it now (the same
   * object when it shows none of those fields), or undefined when that cannot be told from the
   * body (it is retired, as without this).
   */
  refreshShown?(body: unknown, product: Product, fields: readonly ProductField[]): unknown;
  /** Whether a response lists nothing (reported by `GET /cache/popular`). */
  zeroResults?(body: unknown): boolean;
  /**
   * Product fields the request filters or sorts by, of FILTER_FIELDS: a change of one retires the
   * response within the staleness bound. Any other field retires every response of the namespace.
   */
  filtersOn?(query: unknown): readonly FilterField[];
  /**
   * The request's text, which decides which products a response can list whatever its filters:
   * a filter field's change retires the responses filtering on it only where the text lists the
   * product, a change of the product's text only those whose text listed or lists it
   * (ProductSearch.textsListing). Without it, every response filtering on the field, and every
   * response of the namespace.
   */
  listingText?(query: unknown): string;
}

/**
 * Product fields a listing can filter or sort by, each with its own generation: a product going in
 * or out of stock retires only the responses that filter by availability (and those that show it).
 */
export const FILTER_FIELDS = ['price', 'inStock', 'rating'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/**
 * Where a write looks for listings it may alter: those that filter or sort on a field, and, by
 * `text`, every listing with a text (a change of the products' text alters only those whose text
 * listed or lists them).
 */
export type ListingRegistry = FilterField | 'text';
export const TEXT_LISTINGS = 'text' satisfies ListingRegistry;

/**
 * Namespaces whose responses depend on catalog data: searches, typeahead suggestions (a prefix
 * query of their own, retired apart) and product pages.
 */
export const CATALOG_NAMESPACES = ['search', 'suggest', 'products'] as const;
export type CacheNamespace = (typeof CATALOG_NAMESPACES)[number];

/** Fastify route config key the decorator sets; CacheAsideEdge learns its routes from it at boot. */
export const CACHE_ASIDE_ROUTE_CONFIG = 'cacheAside';

/** Nest metadata key the interceptor reads. */
export const CACHE_ASIDE_METADATA = 'cache-aside:options';

declare module 'fastify' {
  interface FastifyContextConfig {
    [CACHE_ASIDE_ROUTE_CONFIG]?: CacheAsideOptions;
  }
}
