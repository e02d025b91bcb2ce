import { Test, type TestingModule } from '@nestjs/testing';
import {
  CacheModule,
  cacheKey,
  ResponseCacheStore,
  type ShownResponse,
  showsKey,
  writtenKey,
} from '@app/cache';
import { AppConfigModule } from '@app/config';
import { MetricsModule } from '@app/observability';
import { dropTestData } from './support/cleanup';
import { eventually } from './support/es';
import { rawRedis } from './support/redis';
import { testConfig } from './support/test-config';

/**
 * The Redis adapter's generation rules on the real Redis: an entry counts only for the
 * generation it was filled for, whatever order fills and writes land in.
 */
describe('RedisResponseCacheStore on real Redis', () => {
  const config = testConfig();
  const slot = { namespace: 'search', hash: 'h4shh4shh4shh4shh4shh4shh4shh4sh', filters: [] };
  const entry = (text: string): Parameters<ResponseCacheStore['write']>[2] => ({
    storedAtMs: Date.now(),
    ttlMs: 60_000,
    status: 200,
    etag: `"${text}"`,
    contentType: 'application/json; charset=utf-8',
    encoding: 'identity',
    body: Buffer.from(JSON.stringify({ text })),
  });
  let module: TestingModule;
  let store: ResponseCacheStore;

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), MetricsModule, CacheModule],
    }).compile();
    await module.init();
    store = module.get(ResponseCacheStore);
    await eventually(async () => expect((await store.lookup(slot)).generation).toEqual([0]), 10_000);
  });
  afterAll(async () => {
    await module?.close();
    await dropTestData(config);
  });

  it('serves an entry only under the generation it was filled for, even when a late fill lands after a write', async () => {
    await store.write(slot, [0], entry('before'), 60_000);
    expect((await store.lookup(slot)).entry?.body.toString()).toBe('{"text":"before"}');

    const movedAt = Date.now();
    await store.bumpGenerations([{ namespace: 'search' }]);
    // The new value is the move's time on Redis's clock (ms), and this instance knows it at once.
    const [g1] = (await store.lookup(slot)).generation;
    expect(Math.abs(g1 - movedAt)).toBeLessThan(1_000);
    expect(await store.lookup(slot)).toEqual({ generation: [g1] });

    // A fill that began before the write stores its result after it: still never served.
    await store.write(slot, [0], entry('late'), 60_000);
    expect(await store.lookup(slot)).toEqual({ generation: [g1] });
    expect(await store.read(slot, [g1])).toBeUndefined();

    await store.write(slot, [g1], entry('after'), 60_000);
    const lookup = await store.lookup(slot);
    expect(lookup.generation).toEqual([g1]);
    expect(lookup.entry?.body.toString()).toBe('{"text":"after"}');
    expect(lookup.entry?.etag).toBe('"after"');
  });

  it('keeps the entry for keepMs in one key per request (no key per generation left behind)', async () => {
    const redis = await rawRedis();
    try {
      await store.write(slot, [1], entry('kept'), 5_000);
      const key = cacheKey(config.cache.keyPrefix, slot.namespace, slot.hash);
      const pttl = await redis.pTTL(key);
      expect(pttl).toBeGreaterThan(3_000);
      expect(pttl).toBeLessThanOrEqual(5_000);
      const keys: string[] = [];
      for await (const batch of redis.scanIterator({
        MATCH: `${config.cache.keyPrefix}:search:*`,
        COUNT: 100,
      }))
        keys.push(...batch);
      expect(keys.sort()).toEqual([`${config.cache.keyPrefix}:search:generation`, key].sort());
    } finally {
      await redis.close();
    }
  });

  it('takes fill locks per generation: a fill after a write never waits on one from before it', async () => {
    const g1 = (await store.lookup(slot)).generation;
    const old = await store.acquireLock(slot, g1, 5_000);
    expect(old).toBeDefined();
    expect(await store.acquireLock(slot, g1, 5_000)).toBeUndefined();
    await store.bumpGenerations([{ namespace: 'search' }]);
    const g2 = (await store.lookup(slot)).generation;
    const fresh = await store.acquireLock(slot, g2, 5_000);
    expect(fresh).toBeDefined();
    await store.releaseLock(slot, g1, old ?? '');
    expect(await store.isLocked(slot, g1)).toBe(false);
    expect(await store.isLocked(slot, g2)).toBe(true);
    await store.releaseLock(slot, g2, 'not-the-token');
    expect(await store.isLocked(slot, g2)).toBe(true);
  });

  it('gives a filter field its own generation: moving it retires only the slots that filter by it', async () => {
    const byStock = {
      namespace: 'search',
      hash: 'stockstockstockstockstockstock00',
      filters: ['inStock' as const],
    };
    const plain = { namespace: 'search', hash: 'plainplainplainplainplainplain00', filters: [] };
    const base = (await store.lookup(plain)).generation[0];
    await store.write(byStock, [base, 0], entry('by stock'), 60_000);
    await store.write(plain, [base], entry('plain'), 60_000);
    await store.bumpGenerations([{ namespace: 'search', field: 'inStock' }]);
    const after = await store.lookup(byStock);
    expect(after.generation[0]).toBe(base);
    expect(after.generation[1]).toBeGreaterThan(0);
    expect(after.entry).toBeUndefined();
    expect((await store.lookup(plain)).entry?.body.toString()).toBe('{"text":"plain"}');
  });

  it('offers the copy from right before a soft move as `previous`, for the grace only (half the staleness bound)', async () => {
    const listing = {
      namespace: 'search',
      hash: 'softsoftsoftsoftsoftsoftsoftsoft',
      filters: ['rating' as const],
    };
    const before = (await store.lookup(listing)).generation;
    await store.write(listing, before, entry('listing'), 60_000);
    await store.bumpGenerations([{ namespace: 'search', field: 'rating' }], true);
    const movedAt = Date.now();
    const stale = await store.lookup(listing);
    expect(stale.entry).toBeUndefined();
    expect(stale.previous?.body.toString()).toBe('{"text":"listing"}');
    await new Promise((resolve) =>
      setTimeout(resolve, config.cache.searchMaxStalenessMs / 2 - (Date.now() - movedAt) + 50),
    );
    expect(await store.lookup(listing)).toEqual({ generation: stale.generation });
    // A hard move (reindex, purge) never offers one.
    await store.write(listing, stale.generation, entry('listing 2'), 60_000);
    await store.bumpGenerations([{ namespace: 'search', field: 'rating' }]);
    expect((await store.lookup(listing)).previous).toBeUndefined();
  });

  it('stores a generation as `value:previous:kind`, the value being Redis TIME in ms', async () => {
    const redis = await rawRedis();
    try {
      const key = `${config.cache.keyPrefix}:search:generation:price`;
      await store.bumpGenerations([{ namespace: 'search', field: 'price' }], true);
      const first = (await redis.get(key)) ?? '';
      expect(first).toMatch(/^\d{13}:0:s$/);
      await store.bumpGenerations([{ namespace: 'search', field: 'price' }]);
      const [value, previous, kind] = ((await redis.get(key)) ?? '').split(':');
      expect(previous).toBe(first.split(':')[0]);
      expect(Number(value)).toBeGreaterThan(Number(previous));
      expect(kind).toBe('h');
    } finally {
      await redis.close();
    }
  });

  it('stamps each push with Redis TIME when its script runs, not when the instance built it', async () => {
    const channel = `${config.cache.keyPrefix}:invalidations`;
    const shown = { namespace: 'search', hash: 'ssssssssssssssssssssssssssssssss', filters: [] };
    const since = await store.writeSequence();
    await store.write(shown, (await store.lookup(shown)).generation, entry('s'), 60_000, {
      ids: ['stamp-1'],
      since,
    });
    const redis = await rawRedis();
    const listener = redis.duplicate();
    await listener.connect();
    const pushes: { keys?: string[]; generations?: object; sentAtMs: number }[] = [];
    await listener.subscribe(channel, (raw) => {
      const message = JSON.parse(raw) as (typeof pushes)[number] & { beat?: string };
      // The instance's beats to itself travel on the same channel, stamped by its own clock.
      if (message.beat === undefined) pushes.push(message);
    });
    const redisMs = async (): Promise<number> => {
      const [seconds, micros] = await redis.sendCommand<[string, string]>(['TIME']);
      return Number(seconds) * 1000 + Number(micros) / 1000;
    };
    try {
      // Redis holds the scripts (writes) the store has built and sent for 100 ms (well within the
      // store's timeout): stamped when they run, the pushes carry a time after the pause.
      const pausedAt = await redisMs();
      await redis.sendCommand(['CLIENT', 'PAUSE', '100', 'WRITE']);
      await Promise.all([
        store.retireShowing(['stamp-1']),
        store.bumpGenerations([{ namespace: 'search', field: 'rating' }], true),
      ]);
      const ranTo = await redisMs();
      await eventually(() => Promise.resolve(expect(pushes).toHaveLength(2)), 2_000);
      expect(pushes.flatMap((push) => push.keys ?? [])).toHaveLength(1);
      expect(pushes.flatMap((push) => Object.keys(push.generations ?? {}))).toEqual([
        `${config.cache.keyPrefix}:search:generation:rating`,
      ]);
      for (const { sentAtMs } of pushes) {
        expect(sentAtMs).toBeGreaterThanOrEqual(pausedAt + 100);
        expect(sentAtMs).toBeLessThanOrEqual(ranTo);
      }
    } finally {
      await listener.close();
      await redis.close();
    }
  });

  it('retires every entry that shows a written product, and only those', async () => {
    const a = { namespace: 'search', hash: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', filters: [] };
    const b = { namespace: 'products', hash: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', filters: [] };
    const since = await store.writeSequence();
    const [ga, gb] = [(await store.lookup(a)).generation, (await store.lookup(b)).generation];
    expect(await store.write(a, ga, entry('a'), 60_000, { ids: ['p1', 'p2'], since })).toBe(true);
    expect(await store.write(b, gb, entry('b'), 60_000, { ids: ['p2'], since })).toBe(true);
    await store.retireShowing(['p1']);
    expect((await store.lookup(a)).entry).toBeUndefined();
    expect((await store.lookup(b)).entry?.body.toString()).toBe('{"text":"b"}');
    await store.retireShowing(['p2']);
    expect((await store.lookup(b)).entry).toBeUndefined();
  });

  it('hands a write the responses showing its product with the route that filled them; what it keeps stays stored and tagged, the rest is deleted and untagged', async () => {
    const kept = { namespace: 'search', hash: 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk', filters: [] };
    const gone = { namespace: 'products', hash: 'gggggggggggggggggggggggggggggggg', filters: [] };
    const since = await store.writeSequence();
    const [gk, gg] = [(await store.lookup(kept)).generation, (await store.lookup(gone)).generation];
    expect(await store.write(kept, gk, entry('k'), 60_000, { ids: ['p5'], route: 'search', since })).toBe(
      true,
    );
    expect(await store.write(gone, gg, entry('g'), 60_000, { ids: ['p5'], since })).toBe(true);
    const prefix = config.cache.keyPrefix;
    const seen: ShownResponse[] = [];
    const first = await store.retireShowing(['p5'], (shown) => {
      seen.push(...shown);
      return Promise.resolve(new Set(shown.filter((s) => s.route === 'search').map((s) => s.key)));
    });
    expect(seen).toEqual(
      expect.arrayContaining([
        { key: `${prefix}:search:${kept.hash}`, namespace: 'search', hash: kept.hash, route: 'search' },
        { key: `${prefix}:products:${gone.hash}`, namespace: 'products', hash: gone.hash },
      ]),
    );
    expect(first.keys).toEqual([`${prefix}:products:${gone.hash}`]);
    expect((await store.lookup(kept)).entry?.body.toString()).toBe('{"text":"k"}');
    expect((await store.lookup(gone)).entry).toBeUndefined();
    // The next write finds only what was kept.
    const next = await store.retireShowing(['p5']);
    expect(next.keys).toEqual([`${prefix}:search:${kept.hash}`]);
    expect((await store.lookup(kept)).entry).toBeUndefined();
    // Writes are marked as before: a fill that read the sequence before them stores nothing.
    expect(await store.write(gone, gg, entry('old'), 60_000, { ids: ['p5'], since })).toBe(false);
  });

  it('refuses a fill that loaded before a write of a product it shows (the write returned first)', async () => {
    const c = { namespace: 'search', hash: 'cccccccccccccccccccccccccccccccc', filters: [] };
    const generation = (await store.lookup(c)).generation;
    const since = await store.writeSequence();
    await store.retireShowing(['p9']); // the write lands while the fill is loading
    expect(await store.write(c, generation, entry('old'), 60_000, { ids: ['p8', 'p9'], since })).toBe(false);
    expect((await store.lookup(c)).entry).toBeUndefined();
    const after = await store.writeSequence();
    expect(await store.write(c, generation, entry('new'), 60_000, { ids: ['p9'], since: after })).toBe(true);
    expect((await store.lookup(c)).entry?.body.toString()).toBe('{"text":"new"}');
  });

  it('finds listings by filter field, stored or being filled; retiring one for a write refuses a fill that read an earlier write number', async () => {
    const d = {
      namespace: 'search',
      hash: 'dddddddddddddddddddddddddddddddd',
      filters: ['inStock' as const],
      text: 'desk lamp',
    };
    const generation = (await store.lookup(d)).generation;
    await store.registerListing(d, 60_000);
    expect(await store.listingsOn('search', 'inStock', 100)).toContainEqual({
      hash: d.hash,
      text: 'desk lamp',
    });
    expect(await store.listingsOn('search', 'price', 100)).not.toContainEqual(
      expect.objectContaining({ hash: d.hash }),
    );
    const since = await store.writeSequence();
    const { write } = await store.retireShowing(['p7']); // the write lands while the fill is loading
    await store.retireListings('search', [d.hash], write);
    expect(await store.write(d, generation, entry('old'), 60_000, { ids: [], since })).toBe(false);
    expect((await store.lookup(d)).entry).toBeUndefined();
    const after = await store.writeSequence();
    expect(await store.write(d, generation, entry('new'), 60_000, { ids: [], since: after })).toBe(true);
    expect((await store.lookup(d)).entry?.body.toString()).toBe('{"text":"new"}');
    // A stored listing retired for a later write is no longer fresh: within the grace (half of
    // CACHE_SEARCH_MAX_STALENESS_MS) it stands in as the previous copy, and a fill from before that
    // write is refused.
    const later = await store.retireShowing([]);
    await store.retireListings('search', [d.hash], later.write);
    const superseded = await store.lookup(d);
    expect(superseded.entry).toBeUndefined();
    expect(superseded.previous?.body.toString()).toBe('{"text":"new"}');
    expect(await store.read(d, generation)).toBeUndefined();
    expect(await store.write(d, generation, entry('old'), 60_000, { ids: [], since: after })).toBe(false);
    const redis = await rawRedis();
    try {
      const pttl = await redis.pTTL(`${config.cache.keyPrefix}:search:${d.hash}`);
      expect(pttl).toBeGreaterThan(0);
      expect(pttl).toBeLessThanOrEqual(config.cache.searchMaxStalenessMs / 2);
    } finally {
      await redis.close();
    }
  });

  it('replaces a listing by its patched copy only if unchanged since read; the copy fences off older fills and yields to any retirement', async () => {
    const l = {
      namespace: 'search',
      hash: 'llllllllllllllllllllllllllllllll',
      filters: ['inStock' as const],
      text: 'desk lamp',
      request: '{"q":"Desk Lamp","inStock":true}',
    };
    const generation = (await store.lookup(l)).generation;
    await store.registerListing(l, 60_000);
    expect(await store.listingsOn('search', 'inStock', 100)).toContainEqual({
      hash: l.hash,
      text: 'desk lamp',
      request: l.request,
    });
    const first = await store.writeSequence();
    const shown = { ids: [], since: first, until: first };
    expect(await store.write(l, generation, entry('filled'), 60_000, shown)).toBe(true);
    const stored = await store.readStored('search', l.hash);
    expect(stored?.entry.body.toString()).toBe('{"text":"filled"}');
    // The load's span comes back as stored; a write started now is numbered after its end.
    expect(stored?.span).toEqual({ from: first, to: first });
    const started = await store.takeWriteNumber();
    expect(started).toBeGreaterThan(first);
    const { write } = await store.retireShowing(['p8']);
    expect(write).toBeGreaterThan(started);
    const span = { from: first, to: write };
    expect(await store.replaceStored('search', l.hash, stored!, entry('patched'), write, span)).toBe(true);
    expect((await store.lookup(l)).entry?.body.toString()).toBe('{"text":"patched"}');
    expect((await store.readStored('search', l.hash))?.span).toEqual(span);
    // Read before the replacement: that version is gone.
    expect(await store.replaceStored('search', l.hash, stored!, entry('again'), write, span)).toBe(false);
    // A fill that loaded before the write stores nothing over the patched copy.
    expect(await store.write(l, generation, entry('old'), 60_000, { ids: [], since: first })).toBe(false);
    const redis = await rawRedis();
    try {
      expect(await redis.pTTL(`${config.cache.keyPrefix}:search:${l.hash}`)).toBeGreaterThan(50_000);
    } finally {
      await redis.close();
    }
    // An earlier write's retirement arriving late still supersedes the copy, keeping the higher number.
    await store.retireListings('search', [l.hash], write - 1);
    const superseded = await store.lookup(l);
    expect(superseded.entry).toBeUndefined();
    expect(superseded.previous?.body.toString()).toBe('{"text":"patched"}');
    expect(await store.write(l, generation, entry('old'), 60_000, { ids: [], since: write - 1 })).toBe(false);
    expect(await store.readStored('search', l.hash)).toBeUndefined();
  });

  it('keeps the tag sets and write markers of one product in one hash slot', () => {
    const prefix = config.cache.keyPrefix;
    expect(showsKey(prefix, 'sku-1')).toContain('{sku-1}');
    expect(writtenKey(prefix, 'sku-1')).toContain('{sku-1}');
  });
});
