import { planInvalidation } from './invalidation-plan';

describe('planInvalidation', () => {
  const everyListing = [{ namespace: 'search' }];

  it.each(['create', 'delete', 'upsert'] as const)(
    'a %s retires what shows the products and every listing',
    (kind) => {
      expect(planInvalidation({ kind, ids: ['a', 'b'] })).toEqual({
        showing: ['a', 'b'],
        filterFields: [],
        generations: everyListing,
      });
    },
  );

  it.each(['title', 'description', 'brand', 'category', 'tags', 'createdAt'] as const)(
    'a change of the matched field %s retires every listing',
    (field) => {
      const plan = planInvalidation({ kind: 'update', ids: ['a'], fields: [field, 'updatedAt'] });
      expect(plan).toEqual({ showing: ['a'], filterFields: [], generations: everyListing });
    },
  );

  it('going in or out of stock, or a price change, retires only listings that filter or sort by it', () => {
    expect(
      planInvalidation({ kind: 'update', ids: ['a'], fields: ['stock', 'inStock', 'updatedAt'] }),
    ).toEqual({ showing: ['a'], filterFields: ['inStock'], generations: [] });
    expect(
      planInvalidation({ kind: 'update', ids: ['a'], fields: ['rating', 'price'] }).filterFields,
    ).toEqual(['price', 'rating']);
  });

  it('a stock count that stays above zero is only shown: just what shows the product', () => {
    expect(planInvalidation({ kind: 'update', ids: ['a'], fields: ['stock', 'updatedAt'] })).toEqual({
      showing: ['a'],
      filterFields: [],
      generations: [],
    });
  });

  it('a change of shown-only fields retires just what shows the product', () => {
    expect(planInvalidation({ kind: 'update', ids: ['a'], fields: ['currency', 'updatedAt'] })).toEqual({
      showing: ['a'],
      filterFields: [],
      generations: [],
    });
  });
});
