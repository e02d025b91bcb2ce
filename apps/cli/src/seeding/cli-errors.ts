import { CacheUnavailableError } from '@app/cache';
import { CatalogError, ProductSourceError } from '@app/catalog';
import { RebuildAbortedError } from '@app/search';

/** A mistake in the command line (exit code 2, like most CLIs). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Failures a user can act on: shown as one line, without a stack trace. */
export function isExpectedFailure(error: unknown): error is Error {
  return (
    error instanceof UsageError ||
    error instanceof ProductSourceError ||
    error instanceof RebuildAbortedError ||
    error instanceof CatalogError ||
    error instanceof CacheUnavailableError ||
    (error instanceof Error &&
      /ECONNREFUSED|ConnectionError|NoLivingConnections/.test(`${error.name} ${error.message}`))
  );
}

export function wholeNumber(value: string, flag: string, range: { min: number; max: number }): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < range.min || n > range.max) {
    throw new UsageError(`${flag} must be a whole number from ${range.min} to ${range.max} (got "${value}")`);
  }
  return n;
}
