import { listingMatchQuery } from './listing-match';
import { ListingTextPlans } from './listing-text-plans';
import { wordLookupsOf } from './text-reach';

describe('ListingTextPlans', () => {
  it("holds each text's match query and word lookups as built fresh", () => {
    const plans = new ListingTextPlans();
    for (const text of ['cordless drill', 'deck screws -stainless', '"paint roller" 9 in', '']) {
      const plan = plans.of(text);
      const query = listingMatchQuery(text);
      expect(plan.text).toBe(text);
      expect(plan.query).toEqual(query);
      expect(plan.lookups).toEqual(wordLookupsOf({ bool: query }));
    }
  });

  it('builds a text once and hands the same plan to every later check', () => {
    const plans = new ListingTextPlans();
    const first = plans.of('cordless drill');
    expect(plans.of('cordless drill')).toBe(first);
    expect(plans.of('cordless drills')).not.toBe(first);
    expect(plans.size).toBe(2);
  });

  it('forgets the oldest texts past its limit, and builds them again when asked', () => {
    const plans = new ListingTextPlans(2);
    const drill = plans.of('drill');
    plans.of('saw');
    plans.of('hammer');
    expect(plans.size).toBe(2);
    const again = plans.of('drill');
    expect(again).not.toBe(drill);
    expect(again).toEqual(drill);
    expect(plans.size).toBe(2);
  });
});
