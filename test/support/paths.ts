import { join } from 'node:path';

/** The repository's root, and what the tests start or read from it (dist/ is `npm run build`'s). */
export const REPO_ROOT = join(__dirname, '..', '..');
export const API_MAIN = join(REPO_ROOT, 'dist/apps/api/apps/api/src/main.js');
export const CLI_MAIN = join(REPO_ROOT, 'dist/apps/cli/apps/cli/src/main.js');
export const SAMPLE_PRODUCTS = join(REPO_ROOT, 'data', 'sample-products.ndjson');
