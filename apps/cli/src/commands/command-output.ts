import { Logger } from '@nestjs/common';
import { isExpectedFailure, UsageError } from '../seeding/cli-errors';
import { errorLines, reconciled, summaryLine } from '../seeding/seed-summary';
import type { SeedResult } from '../seeding/seed-runner';

/** Prints the outcome and sets the exit code: 0 only when every record landed and counts agree. */
export function reportResult(result: SeedResult, verb: string): void {
  console.log(summaryLine(result, verb));
  if (result.rebuild) {
    const from = result.rebuild.replaced.length > 0 ? result.rebuild.replaced.join(', ') : 'nothing';
    console.log(`alias now points at ${result.rebuild.index} (replaced ${from})`);
  }
  if (result.report.failed > 0) {
    console.error(`${result.report.failed} records were rejected:`);
    for (const line of errorLines(result)) console.error(line);
  }
  if (!reconciled(result) || result.report.failed > 0) process.exitCode = 1;
}

/** Expected failures are one readable line; anything else is a bug and keeps its stack. */
export function reportFailure(error: unknown): void {
  if (isExpectedFailure(error)) {
    console.error(`error: ${error.message}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
    return;
  }
  new Logger('cli').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
}
