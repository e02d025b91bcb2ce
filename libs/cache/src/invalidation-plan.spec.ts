import { planInvalidation } from './invalidation-plan';

describe('planInvalidation', () => {
  const everyListing = [{ namespace: 'search' }, { namespace: 'suggest' }];
  const none = { filterFields: [], byText: false, generations: [] };

  it.each(['create', 'delete', 'upsert'] as const)(
    'a %s retires what shows the products and every listing',
    (kind) => {
      expect(planInvalidation({ kind, ids: ['a', 'b'] })).toEqual({
        ...none,
        showing: ['a', 'b'],
        generations: everyListing,
      });
    },
  );

  it.each(['brand', 'category', 'tags', 'createdAt'] as const)(
    'a change of %s, which filters or facets read too, retires every listing',
    (field) => {
      const plan = planInvalidation({ kind: 'update', ids: ['a'], fields: [field, 'updatedAt'] });
      expect(plan).toEqual({ ...none, showing: ['a'], generations: everyListing });
    },
  );

  it('a new title: the searches are checked by text, suggestions move', () => {
    expect(planInvalidation({ kind: 'update', ids: ['a'], fields: ['title', 'updatedAt'] })).toEqual({
      ...none,
      showing: ['a'],
      byText: true,
      generations: [{ namespace: 'suggest' }],
    });
  });

  it('a new description: the searches are checked by text, suggestions (titles only) stay', () => {
    expect(planInvalidation({ kind: 'update', ids: ['a'], fields: ['description', 'currency'] })).toEqual({
      ...none,
      showing: ['a'],
      byText: true,
    });
  });

  it('text and a filter field together, or text and another matched field: every listing', () => {
    for (const other of ['price', 'inStock', 'brand'] as const) {
      const plan = planInvalidation({ kind: 'update', ids: ['a'], fields: ['title', other] });
      expect(plan).toEqual({ ...none, showing: ['a'], generations: everyListing });
    }
  });

  it('going in or out of stock, or a price change, retires only listings that filter or sort by it', () => {
    expect(
      planInvalidation({ kind: 'update', ids: ['a'], fields: ['stock', 'inStock', 'updatedAt'] }),
    ).toEqual({ ...none, showing: ['a'], filterFields: ['inStock'] });
    expect(
      planInvalidation({ kind: 'update', ids: ['a'], fields: ['rating', 'price'] }).filterFields,
    ).toEqual(['price', 'rating']);
  });

  it('a stock count that stays above zero is only shown: just what shows the product', () => {
    expect(planInvalidation({ kind: 'update', ids: ['a'], fields: ['stock', 'updatedAt'] })).toEqual({
      ...none,
      showing: ['a'],
    });
  });

  it('a change of shown-only fields retires just what shows the product', () => {
    expect(planInvalidation({ kind: 'update', ids: ['a'], fields: ['currency', 'updatedAt'] })).toEqual({
      ...none,
      showing: ['a'],
    });
  });
});
