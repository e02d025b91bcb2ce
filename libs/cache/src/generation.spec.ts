import { cachedResponse } from './cached-response';
import { freshness, type GenerationState, lookupOf, parseGeneration, stalenessSplit } from './generation';
import type { CacheSlot } from './response-cache.store';
import { InMemoryResponseCacheStore } from './testing/in-memory-response-cache.store';

const soft = (value: number, previous: number, movedAtMs: number): GenerationState => ({
  value,
  previous,
  movedAtMs,
  soft: true,
});

describe('freshness of an entry under the current generations', () => {
  it('is fresh for the current generations, or later ones this instance has not learned yet', () => {
    expect(freshness([5, 7], [soft(5, 4, 0), soft(7, 6, 0)], 10_000, 500)).toBe('fresh');
    expect(freshness([6, 7], [soft(5, 4, 0), soft(7, 6, 0)], 10_000, 500)).toBe('fresh');
  });

  it('is `previous` (may stand in as STALE) right after a soft move, within the grace only', () => {
    const current = [soft(5, 4, 0), soft(1_000, 7, 1_000)];
    expect(freshness([5, 7], current, 1_000, 500)).toBe('previous');
    expect(freshness([5, 7], current, 1_500, 500)).toBe('previous');
    expect(freshness([5, 7], current, 1_501, 500)).toBe('retired');
  });

  it('is retired after a hard move, two moves, a strict bound, or a different shape', () => {
    expect(freshness([7], [{ value: 9, previous: 7, movedAtMs: 1_000, soft: false }], 1_000, 500)).toBe(
      'retired',
    );
    // Filled before the move before the last one: when its data went stale is not known.
    expect(freshness([6], [soft(9, 7, 1_000)], 1_000, 500)).toBe('retired');
    // CACHE_SEARCH_MAX_STALENESS_MS=0: no grace, not even in the move's own millisecond.
    expect(freshness([7], [soft(9, 7, 1_000)], 1_000, 0)).toBe('retired');
    expect(freshness([7], [soft(9, 7, 1_000), soft(1, 0, 0)], 1_000, 500)).toBe('retired');
  });

  it('needs every ref that moved to be within its grace', () => {
    const current = [soft(2_000, 5, 2_000), soft(1_000, 7, 1_000)];
    expect(freshness([5, 7], current, 1_400, 500)).toBe('previous');
    expect(freshness([5, 7], current, 1_600, 500)).toBe('retired');
  });
});

describe('generation encoding and the split of the bound', () => {
  it('reads `value:previous:kind`, a legacy counter, and nothing', () => {
    expect(parseGeneration('1764633600123:1764633600001:s')).toEqual({
      value: 1764633600123,
      previous: 1764633600001,
      movedAtMs: 1764633600123,
      soft: true,
    });
    expect(parseGeneration('12:11:h').soft).toBe(false);
    expect(parseGeneration('4')).toEqual({ value: 4, previous: 4, movedAtMs: 0, soft: false });
    expect(parseGeneration(null).value).toBe(0);
  });

  it('splits the bound into the window before a move and the grace after it', () => {
    expect(stalenessSplit(1_000)).toEqual({ windowMs: 500, graceMs: 500 });
    expect(stalenessSplit(1)).toEqual({ windowMs: 1, graceMs: 0 });
    expect(stalenessSplit(0)).toEqual({ windowMs: 0, graceMs: 0 });
  });
});

describe('InMemoryResponseCacheStore: the copy before a soft move', () => {
  const slot: CacheSlot = { namespace: 'search', hash: 'h', filters: ['inStock'] };
  const entry = cachedResponse(Buffer.from('{}'), 60_000, 'application/json');

  it('offers it as `previous` for the grace after a soft move, never after a hard one', async () => {
    let nowMs = 10_000;
    const store = new InMemoryResponseCacheStore('unit', () => nowMs, 500);
    await store.write(slot, [0, 0], entry, 60_000);
    await store.bumpGenerations([{ namespace: 'search', field: 'inStock' }], true);
    expect(await store.lookup(slot)).toEqual({ generation: [0, 1], previous: entry });
    nowMs += 501;
    expect(await store.lookup(slot)).toEqual({ generation: [0, 1] });
    await store.write(slot, [0, 1], entry, 60_000);
    await store.bumpGenerations([{ namespace: 'search' }], false);
    expect(await store.lookup(slot)).toEqual({ generation: [1, 1] });
  });
});

describe('lookupOf', () => {
  const copy = { label: [5], entry: cachedResponse(Buffer.from('{}'), 60_000, 'application/json') };
  const at = (value: number, previous = value, soft = false): GenerationState[] => [
    { value, previous, movedAtMs: 1_000, soft },
  ];

  it('a copy of the current generations is fresh; one a write superseded is only the previous copy', () => {
    expect(lookupOf(at(5), copy, 1_100, 500)).toEqual({ generation: [5], entry: copy.entry });
    expect(lookupOf(at(5), { ...copy, superseded: true }, 1_100, 500)).toEqual({
      generation: [5],
      previous: copy.entry,
    });
  });

  it('a superseded copy of a retired generation is nothing, like any retired copy', () => {
    expect(lookupOf(at(7, 6, true), { ...copy, superseded: true }, 1_100, 500)).toEqual({ generation: [7] });
    expect(lookupOf(at(6, 5, true), copy, 1_100, 500)).toEqual({ generation: [6], previous: copy.entry });
    expect(lookupOf(at(6, 5, true), copy, 1_600, 500)).toEqual({ generation: [6] });
    expect(lookupOf(at(5), undefined, 1_100, 500)).toEqual({ generation: [5] });
  });
});
