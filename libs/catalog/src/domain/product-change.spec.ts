import { changedFields } from './product-change';

describe('changedFields', () => {
  it('lists fields whose values differ, added and removed ones included, never the id', () => {
    expect(
      changedFields(
        { id: 'a', title: 'T', tags: ['x'], price: 1, stock: 3 },
        { id: 'a', title: 'T', tags: ['x', 'y'], price: 1, brand: 'B' },
      ).sort(),
    ).toEqual(['brand', 'stock', 'tags']);
  });

  it('is empty for an identical product', () => {
    expect(changedFields({ id: 'a', title: 'T', tags: ['x'] }, { id: 'a', title: 'T', tags: ['x'] })).toEqual(
      [],
    );
  });
});
