import { averagePrecision, ndcgAt, recallAt } from './metrics';

const grades = new Map([
  ['a', 3],
  ['b', 1],
  ['c', 2],
]);

describe('relevance metrics', () => {
  it('gives nDCG 1 to the ideal order and less to any other', () => {
    expect(ndcgAt(10, ['a', 'c', 'b'], grades)).toBeCloseTo(1, 10);
    expect(ndcgAt(10, ['b', 'c', 'a'], grades)).toBeLessThan(1);
    expect(ndcgAt(10, ['x', 'y'], grades)).toBe(0);
  });

  it('computes nDCG@k with linear gains and log2 discounts', () => {
    // ranking: b (1), x (0), a (3); ideal: 3, 2, 1
    const dcg = 1 / Math.log2(2) + 0 + 3 / Math.log2(4);
    const ideal = 3 / Math.log2(2) + 2 / Math.log2(3) + 1 / Math.log2(4);
    expect(ndcgAt(3, ['b', 'x', 'a'], grades)).toBeCloseTo(dcg / ideal, 10);
    expect(ndcgAt(1, ['b', 'x', 'a'], grades)).toBeCloseTo(1 / 3, 10);
  });

  it('averages precision at each relevant hit over all relevant documents', () => {
    // relevant at ranks 1 and 3 of 3 relevant in total: (1/1 + 2/3) / 3
    expect(averagePrecision(['a', 'x', 'c'], grades)).toBeCloseTo((1 + 2 / 3) / 3, 10);
  });

  it('counts recall within the first k only', () => {
    expect(recallAt(2, ['a', 'x', 'c'], grades)).toBeCloseTo(1 / 3, 10);
    expect(recallAt(3, ['a', 'x', 'c'], grades)).toBeCloseTo(2 / 3, 10);
  });
});
