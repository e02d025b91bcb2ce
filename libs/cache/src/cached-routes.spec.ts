import type { CacheAsideOptions } from './cache-aside.options';
import { CachedRoutes } from './cached-routes';

const SEARCH: CacheAsideOptions = { route: 'search', namespace: 'search' };
const PRODUCT: CacheAsideOptions = { route: 'product', namespace: 'products', params: ['id'] };

describe('CachedRoutes', () => {
  const routes = new CachedRoutes();
  routes.add({ url: '/search', options: SEARCH });
  routes.add({ url: '/catalog/products/:id', options: PRODUCT });

  it('matches static paths exactly, as Fastify does (case, trailing slash)', () => {
    expect(routes.match('/search')?.route.options).toBe(SEARCH);
    expect(routes.match('/search/')).toBeUndefined();
    expect(routes.match('/Search')).toBeUndefined();
    expect(routes.match('/search/suggest')).toBeUndefined();
  });

  it('gives one decoded segment per parameter; an undecodable one is left to Fastify', () => {
    expect(routes.match('/catalog/products/p-1')).toMatchObject({
      route: { options: PRODUCT },
      params: { id: 'p-1' },
    });
    expect(routes.match('/catalog/products/a%20b')?.params).toEqual({ id: 'a b' });
    expect(routes.match('/catalog/products/a/b')).toBeUndefined();
    expect(routes.match('/catalog/products/')).toBeUndefined();
    expect(routes.match('/catalog/products/%zz')).toBeUndefined();
  });
});
