import { changedFields } from './product-change';

describe('changedFields', () => {
  it('lists fields whose values differ, added and removed ones included, never the id', () => {
    expect(
      changedFields(
        { id: 'a', title: 'T', tags: ['x'], price: 1, stock: 3 },
        { id: 'a', title: 'T', tags: ['x', 'y'], price: 1, brand: 'B' },
      ).sort(),
    ).toEqual(['brand', 'inStock', 'stock', 'tags']);
  });

  it('adds inStock only when the product goes in or out of stock (no stock recorded = out)', () => {
    expect(changedFields({ id: 'a', title: 'T', stock: 5 }, { id: 'a', title: 'T', stock: 4 })).toEqual([
      'stock',
    ]);
    expect(changedFields({ id: 'a', title: 'T', stock: 1 }, { id: 'a', title: 'T', stock: 0 })).toEqual([
      'stock',
      'inStock',
    ]);
    expect(changedFields({ id: 'a', title: 'T' }, { id: 'a', title: 'T', stock: 0 })).toEqual(['stock']);
  });

  it('is empty for an identical product', () => {
    expect(changedFields({ id: 'a', title: 'T', tags: ['x'] }, { id: 'a', title: 'T', tags: ['x'] })).toEqual(
      [],
    );
  });
});
