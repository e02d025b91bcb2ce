import type { CacheAsideOptions } from './cache-aside.options';

/** A `@CacheAside()` route as Fastify registered it. */
export interface CachedRoute {
  /** Fastify's route pattern (also the metrics label), e.g. `/catalog/products/:id`. */
  readonly url: string;
  readonly options: CacheAsideOptions;
}

export interface RouteMatch {
  readonly route: CachedRoute;
  readonly params: Readonly<Record<string, string>>;
}

interface Compiled {
  readonly route: CachedRoute;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

/**
 * The cached routes, learned at boot from Fastify's `onRoute` (the route config `@CacheAside()`
 * sets), matched against a raw path the way Fastify's router does for these patterns: static
 * segments exactly (case-sensitive, no trailing-slash folding), `:name` one whole decoded segment.
 * Static routes win over parametric ones, as in Fastify. A path Fastify would route elsewhere can
 * at worst be looked up under a key nothing was ever filled for (a miss handed on to Fastify), and
 * the interceptor uses what was found here only when Fastify chose the same route and params.
 */
export class CachedRoutes {
  private readonly statics = new Map<string, CachedRoute>();
  private readonly parametric: Compiled[] = [];

  add(route: CachedRoute): void {
    if (!route.url.includes(':')) {
      this.statics.set(route.url, route);
      return;
    }
    const names: string[] = [];
    const source = route.url
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return escapeRegExp(segment);
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    this.parametric.push({ route, pattern: new RegExp(`^${source}$`), names });
  }

  get size(): number {
    return this.statics.size + this.parametric.length;
  }

  /** The route of a path (no query string), or undefined (also for undecodable parameters). */
  match(path: string): RouteMatch | undefined {
    const route = this.statics.get(path);
    if (route) return { route, params: NO_PARAMS };
    for (const compiled of this.parametric) {
      const found = compiled.pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      try {
        compiled.names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1])));
      } catch {
        return undefined;
      }
      return { route: compiled.route, params };
    }
    return undefined;
  }
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
