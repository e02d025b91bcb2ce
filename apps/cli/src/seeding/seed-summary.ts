import type { SeedResult } from './seed-runner';

const MAX_LISTED_ERRORS = 20;

/** `seeded 100000 docs in 41.2 s (2427 docs/s); index count 100000 ✓` (✗ and the expectation if not). */
export function summaryLine(result: SeedResult, verb = 'seeded'): string {
  const seconds = result.elapsedMs / 1000;
  const rate = Math.round(result.report.indexed / Math.max(seconds, 0.001));
  const failed = result.report.failed > 0 ? `, ${result.report.failed} failed` : '';
  const check = reconciled(result) ? '✓' : `✗ (expected ${result.expectedCount})`;
  return `${verb} ${result.report.indexed} docs in ${seconds.toFixed(1)} s (${rate} docs/s)${failed}; index count ${result.count} ${check}`;
}

export function reconciled(result: SeedResult): boolean {
  return result.count === result.expectedCount;
}

/** The first rejected records, one per line, for stderr. */
export function errorLines(result: SeedResult): string[] {
  const { errors } = result.report;
  const lines = errors
    .slice(0, MAX_LISTED_ERRORS)
    .map((e) => ('line' in e ? `  line ${e.line}: ${e.reason}` : `  id ${e.id}: ${e.reason}`));
  if (errors.length > MAX_LISTED_ERRORS) lines.push(`  ... and ${errors.length - MAX_LISTED_ERRORS} more`);
  return lines;
}
