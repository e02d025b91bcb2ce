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

  it('moves at once when no window is open; changes inside the window move together when it ends', async () => {
    const window = windowOf('1000');
    await window.add([{ namespace: 'search', field: 'inStock' }]);
    expect(bumps).toBe(1); // the first change shows at once
    expect((await store.lookup(slot)).generation).toEqual([0, 1]);
    for (let i = 0; i < 10; i++) await window.add([{ namespace: 'search', field: 'inStock' }]);
    await window.add([{ namespace: 'search' }]); // another generation: its own window, moved at once
    expect(bumps).toBe(2);
    expect((await store.lookup(slot)).generation).toEqual([1, 1]);
    // The window is half the bound (the other half is the grace after a move) and ends 400 ms
    // after it opened (500 minus the Redis timeout): one move for all ten.
    await jest.advanceTimersByTimeAsync(399);
    expect(bumps).toBe(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(bumps).toBe(3);
    expect((await store.lookup(slot)).generation).toEqual([1, 2]);
    // That move opened the next window: nothing changed in it, so nothing more moves.
    await jest.advanceTimersByTimeAsync(5_000);
    expect(bumps).toBe(3);
  });

  it('moves a generation once per window across instances, and a change inside one is never lost', async () => {
    const [one, two] = [windowOf('1000'), windowOf('1000')];
    await one.add([{ namespace: 'search', field: 'inStock' }]);
    expect(bumps).toBe(1);
    await jest.advanceTimersByTimeAsync(200);
    await two.add([{ namespace: 'search', field: 'inStock' }]);
    await one.add([{ namespace: 'search', field: 'inStock' }]);
    expect(bumps).toBe(1);
    // Both waited for the same window's end: the first to claim the next one moves, the other is covered.
    await jest.advanceTimersByTimeAsync(200);
    expect(bumps).toBe(2);
    expect((await store.lookup(slot)).generation).toEqual([0, 2]);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(bumps).toBe(2);
  });

  it('moves what is waiting when shutdown begins, and later changes at once', async () => {
    const window = windowOf('1000');
    await window.add([{ namespace: 'search' }]);
    await window.add([{ namespace: 'search' }]); // waits for the window's end
    expect((await store.lookup(slot)).generation).toEqual([1, 0]);
    await window.beforeApplicationShutdown();
    expect((await store.lookup(slot)).generation).toEqual([2, 0]);
    await window.add([{ namespace: 'search' }]);
    expect((await store.lookup(slot)).generation).toEqual([3, 0]);
  });
});
