import { Logger } from '@nestjs/common';
import type { Product, ProductChange, ProductField } from '@app/catalog';
import {
  type ListingBody,
  searchShowingProduct,
  type SuggestResponse,
  suggestShowingProduct,
} from '@app/search';
import type { CacheAsideOptions } from './cache-aside.options';
import { type CachedResponse, cachedResponse } from './cached-response';
import { decodeBody } from './content-encoding';
import type { CacheSlot } from './response-cache.store';
import { ShownPatcher } from './shown-patcher';
import { InMemoryResponseCacheStore } from './testing/in-memory-response-cache.store';

const hit = (id: string, stock: number) => ({
  id,
  score: 1,
  title: `t ${id}`,
  description: null,
  brand: null,
  category: null,
  tags: [],
  price: 5,
  currency: 'EUR',
  rating: null,
  stock,
  highlight: {},
});
const searchBody = {
  total: { value: 2, relation: 'eq' },
  page: 1,
  size: 20,
  hits: [hit('p1', 3), hit('p2', 7)],
  facets: { category: [], brand: [], price: [], priceStats: null },
  nextCursor: null,
  relaxed: null,
  didYouMean: null,
} as unknown as ListingBody;
const suggestBody: SuggestResponse = { suggestions: [{ text: 't p1', type: 'title', id: 'p1' }] };

const ROUTES: CacheAsideOptions[] = [
  {
    route: 'search',
    namespace: 'search',
    refreshShown: (b, p, f) => searchShowingProduct(b as ListingBody, p, f),
  },
  {
    route: 'suggest',
    namespace: 'search',
    refreshShown: (b, p, f) => suggestShowingProduct(b as SuggestResponse, p, f),
  },
  { route: 'product', namespace: 'products' },
];
const slot = (hash: string, namespace = 'search'): CacheSlot => ({ namespace, hash, filters: [] });
const json = (entry: CachedResponse | undefined): unknown =>
  entry && JSON.parse(decodeBody(entry.body, entry.encoding).toString());

describe('ShownPatcher', () => {
  let store: InMemoryResponseCacheStore;
  let patcher: ShownPatcher;

  /** Stores a response of `route` showing p1 (and p2 for searches), loaded while the sequence read `from`..`to`. */
  async function fill(
    hash: string,
    route: string,
    body: unknown,
    from: number,
    to = from,
  ): Promise<CacheSlot> {
    const s = slot(hash, route === 'product' ? 'products' : 'search');
    const entry = cachedResponse(Buffer.from(JSON.stringify(body)), 60_000, 'application/json');
    const ids = route === 'search' ? ['p1', 'p2'] : ['p1'];
    expect(await store.write(s, [0], entry, 60_000, { ids, route, since: from, until: to })).toBe(true);
    return s;
  }

  /** One update of p1 as the catalog announces it: numbered before it was sent, then retired. */
  async function update(
    fields: ProductField[],
    product: Product,
    startedAt?: number,
  ): Promise<readonly string[]> {
    const change: ProductChange = {
      kind: 'update',
      ids: ['p1'],
      fields,
      startedAt: startedAt ?? (await store.takeWriteNumber()),
      product,
    };
    return (await store.retireShowing(['p1'], patcher.keeperFor(change))).keys;
  }

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    store = new InMemoryResponseCacheStore('unit');
    patcher = new ShownPatcher(store);
    ROUTES.forEach((options) => patcher.learn(options));
  });

  it("brings a search's hit up to date after a stock write, keeps its tag and refuses older fills", async () => {
    const search = await fill('s1', 'search', searchBody, 0);
    const before = await store.read(search, [0]);
    const retired = await update(['stock', 'updatedAt'], {
      id: 'p1',
      title: 't p1',
      stock: 9,
      currency: 'EUR',
    });
    expect(retired).toEqual([]);
    const after = await store.read(search, [0]);
    expect(after?.etag).not.toBe(before?.etag);
    const body = json(after) as ListingBody;
    expect(body.hits.map((h) => [h.id, h.stock])).toEqual([
      ['p1', 9],
      ['p2', 7],
    ]);
    // Byte for byte what a search would give: the hit's keys keep their order.
    expect(JSON.stringify(body)).toBe(
      JSON.stringify({ ...searchBody, hits: [{ ...hit('p1', 9) }, hit('p2', 7)] }),
    );
    // A fill that read the sequence before the patch cannot store its older copy over it.
    const stale = cachedResponse(Buffer.from('{}'), 60_000, 'application/json');
    expect(await store.write(search, [0], stale, 60_000, { ids: ['p1'], route: 'search', since: 0 })).toBe(
      false,
    );
    // Still tagged: the next write of p1 finds it, and a title write retires it.
    expect(await update(['title'], { id: 'p1', title: 'new' })).toEqual(['unit:search:s1']);
    expect(await store.read(search, [0])).toBeUndefined();
  });

  it('of two racing writes, the one applied first never overwrites the copy the later one patched', async () => {
    const search = await fill('s1', 'search', searchBody, 0);
    const first = await store.takeWriteNumber();
    const second = await store.takeWriteNumber();
    // The later write's retirement runs first and patches; then the earlier one's comes.
    expect(await update(['stock'], { id: 'p1', title: 't p1', stock: 200, currency: 'EUR' }, second)).toEqual(
      [],
    );
    expect(await update(['stock'], { id: 'p1', title: 't p1', stock: 100, currency: 'EUR' }, first)).toEqual([
      'unit:search:s1',
    ]);
    expect(await store.read(search, [0])).toBeUndefined();
  });

  it('retires a copy that may have been loaded after the write was sent', async () => {
    const startedAt = await store.takeWriteNumber();
    const search = await fill('s1', 'search', searchBody, startedAt - 1, startedAt);
    expect(await update(['stock'], { id: 'p1', title: 't p1', stock: 9 }, startedAt)).toEqual([
      'unit:search:s1',
    ]);
    expect(await store.read(search, [0])).toBeUndefined();
  });

  it('keeps a copy unchanged where the write changed nothing it shows, whenever it was loaded', async () => {
    const startedAt = await store.takeWriteNumber();
    // Loaded while the write was in flight, but it shows p1's stock as the write left it.
    const search = await fill('s1', 'search', searchBody, startedAt - 1, startedAt);
    const suggest = await fill('g1', 'suggest', suggestBody, startedAt - 1, startedAt);
    const etag = (await store.read(search, [0]))?.etag;
    expect(
      await update(['stock'], { id: 'p1', title: 't p1', stock: 3, currency: 'EUR' }, startedAt),
    ).toEqual([]);
    expect((await store.read(search, [0]))?.etag).toBe(etag);
    expect(json(await store.read(suggest, [0]))).toEqual(suggestBody);
    expect(await update(['brand'], { id: 'p1', title: 't p1', brand: 'b' })).toEqual(
      expect.arrayContaining(['unit:search:g1', 'unit:search:s1']) as unknown,
    );
  });

  it('retires what a route cannot bring up to date, and everything of a change without the product', async () => {
    const page = await fill('p1', 'product', { id: 'p1', title: 't p1', stock: 3 }, 0);
    await fill('s1', 'search', searchBody, 0);
    expect(await update(['stock'], { id: 'p1', title: 't p1', stock: 9 })).toEqual(['unit:products:p1']);
    expect(await store.read(page, [0])).toBeUndefined();
    const change: ProductChange = { kind: 'update', ids: ['p1'], fields: ['stock'], startedAt: 99 };
    expect(patcher.keeperFor(change)).toBeUndefined();
    expect(patcher.keeperFor({ kind: 'upsert', ids: ['p1'] })).toBeUndefined();
  });

  it('retires a copy another write replaced between the read and the replacement', async () => {
    const search = await fill('s1', 'search', searchBody, 0);
    const replace = store.replaceStored.bind(store);
    store.replaceStored = async (...args) => {
      // Another write's patch lands first: this one's compare-and-set fails.
      await replace(...args);
      return replace(...args);
    };
    expect(await update(['stock'], { id: 'p1', title: 't p1', stock: 9 })).toEqual(['unit:search:s1']);
    expect(await store.read(search, [0])).toBeUndefined();
  });
});
