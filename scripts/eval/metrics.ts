/** Graded relevance of documents for one query (gain > 0 = relevant). */
export type Grades = ReadonlyMap<string, number>;

/** nDCG@k with linear gains (as trec_eval): Σ gain / log2(rank + 1), over the ideal ordering. */
export function ndcgAt(k: number, ranked: readonly string[], grades: Grades): number {
  const dcg = discounted(ranked.slice(0, k).map((id) => grades.get(id) ?? 0));
  const ideal = discounted([...grades.values()].sort((a, b) => b - a).slice(0, k));
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Average precision of the ranking (binary: any judged grade is relevant), over all relevant documents. */
export function averagePrecision(ranked: readonly string[], grades: Grades): number {
  const relevant = [...grades.values()].filter((g) => g > 0).length;
  if (relevant === 0) return 0;
  let found = 0;
  let sum = 0;
  ranked.forEach((id, index) => {
    if ((grades.get(id) ?? 0) > 0) sum += ++found / (index + 1);
  });
  return sum / relevant;
}

export function recallAt(k: number, ranked: readonly string[], grades: Grades): number {
  const relevant = [...grades.values()].filter((g) => g > 0).length;
  if (relevant === 0) return 0;
  return ranked.slice(0, k).filter((id) => (grades.get(id) ?? 0) > 0).length / relevant;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function discounted(gains: readonly number[]): number {
  return gains.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
}

/** The ranking with unjudged documents removed ("judged-only" / condensed list). */
export function judgedOnly(ranked: readonly string[], grades: Grades): string[] {
  return ranked.filter((id) => grades.has(id));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
