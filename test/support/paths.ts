import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The repository's root, and what the tests start or read from it (dist/ is `npm run build`'s). */
export const REPO_ROOT = join(__dirname, '..', '..');
export const API_MAIN = join(REPO_ROOT, 'dist/apps/api/apps/api/src/main.js');
export const CLI_MAIN = join(REPO_ROOT, 'dist/apps/cli/apps/cli/src/main.js');
export const SAMPLE_PRODUCTS = join(REPO_ROOT, 'data', 'sample-products.ndjson');

/** Fails with what to do when a compiled entry point the test starts is missing. */
export function assertBuilt(main: string): void {
  if (!existsSync(main)) throw new Error(`${main} missing: run npm run build first`);
}
