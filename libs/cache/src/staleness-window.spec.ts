import { Logger } from '@nestjs/common';
import { loadConfig } from '@app/config';
import type { CacheSlot } from './response-cache.store';
import { StalenessWindow } from './staleness-window';
import { InMemoryResponseCacheStore } from './testing/in-memory-response-cache.store';

const slot: CacheSlot = { namespace: 'search', hash: 'h', filters: ['inStock'] };

describe('StalenessWindow', () => {
  let store: InMemoryResponseCacheStore;
  let bumps: number;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    jest.useFakeTimers();
    store = new InMemoryResponseCacheStore('unit');
    bumps = 0;
    const bump = store.bumpGenerations.bind(store);
    store.bumpGenerations = (refs) => {
      bumps += 1;
      return bump(refs);
    };
  });
  afterEach(() => jest.useRealTimers());

  const windowOf = (stalenessMs: string): StalenessWindow =>
    new StalenessWindow(
      store,
      loadConfig({ CACHE_SEARCH_MAX_STALENESS_MS: stalenessMs, REDIS_TIMEOUT_MS: '100' }),
    );

  it('strict (0): moves the generation before add() resolves', async () => {
    await windowOf('0').add([{ namespace: 'search', field: 'inStock' }]);
    expect((await store.lookup(slot)).generation).toEqual([0, 1]);
  });

  it('moves each generation once per window, early enough to land within the bound', async () => {
    const window = windowOf('1000');
    for (let i = 0; i < 10; i++) await window.add([{ namespace: 'search', field: 'inStock' }]);
    await window.add([{ namespace: 'search' }]);
    expect(bumps).toBe(0);
    await jest.advanceTimersByTimeAsync(899);
    expect(bumps).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(bumps).toBe(1);
    expect((await store.lookup(slot)).generation).toEqual([1, 1]);
    await window.add([{ namespace: 'search', field: 'inStock' }]);
    await jest.advanceTimersByTimeAsync(900);
    expect((await store.lookup(slot)).generation).toEqual([1, 2]);
  });

  it('moves a generation once per window across instances: the first to claim it owns the bump', async () => {
    const [one, two] = [windowOf('1000'), windowOf('1000')];
    await one.add([{ namespace: 'search', field: 'inStock' }]);
    await jest.advanceTimersByTimeAsync(500);
    await two.add([{ namespace: 'search', field: 'inStock' }]);
    await jest.advanceTimersByTimeAsync(400);
    expect(bumps).toBe(1);
    expect((await store.lookup(slot)).generation).toEqual([0, 1]);
    // Covered by one's bump, which came after it: two never bumps for it.
    await jest.advanceTimersByTimeAsync(2_000);
    expect(bumps).toBe(1);
    // The window closed with the bump: the next change opens a new one.
    await two.add([{ namespace: 'search', field: 'inStock' }]);
    await jest.advanceTimersByTimeAsync(900);
    expect(bumps).toBe(2);
  });

  it('sends what is pending when shutdown begins, and moves later changes at once', async () => {
    const window = windowOf('1000');
    await window.add([{ namespace: 'search' }]);
    await window.beforeApplicationShutdown();
    expect((await store.lookup(slot)).generation).toEqual([1, 0]);
    await window.add([{ namespace: 'search' }]);
    expect((await store.lookup(slot)).generation).toEqual([2, 0]);
  });
});
