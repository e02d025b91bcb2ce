import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { API_MAIN, CLI_MAIN, REPO_ROOT as ROOT } from '../../test/support/paths';

export { API_MAIN, CLI_MAIN };
/** The compiled API's entry point relative to a checkout (ab.ts starts other checkouts). */
export const API_MAIN_IN_CHECKOUT = relative(ROOT, API_MAIN);
/** Where `--profile` runs leave the API's .cpuprofile files. */
export const PROFILES_DIR = join(ROOT, 'bench', '.work', 'profiles');

/**
 * The environment the bench runs the API in: production mode, warnings only, the index and cache
 * key prefixes given, nothing expiring during a run (every hit a fresh hit), and rate limits off
 * (the load comes from one IP and would be throttled; the hit scenarios turn the read limit back on).
 */
export function benchApiEnv(
  base: NodeJS.ProcessEnv,
  indexPrefix: string,
  keyPrefix = indexPrefix,
): NodeJS.ProcessEnv {
  return {
    ...base,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    INDEX_PREFIX: indexPrefix,
    CACHE_KEY_PREFIX: keyPrefix,
    CACHE_TTL_MS: '3600000',
    RATE_LIMIT_READ_PER_MIN: '0',
    RATE_LIMIT_WRITE_PER_MIN: '0',
  };
}

/** The node flags the API is started with: `npm run start:prod`'s, and a CPU profile if asked. */
export function apiNodeFlags(profile: boolean): string[] {
  return [...startProdNodeFlags(), ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES_DIR}`] : [])];
}

/** The node flags of `npm run start:prod`, so the API runs here exactly as in production. */
function startProdNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = (pkg.scripts['start:prod'] ?? '').trim().split(/\s+/);
  if (words[0] !== 'node' || !words[words.length - 1].endsWith('main.js'))
    throw new Error(`unexpected start:prod script: ${pkg.scripts['start:prod']}`);
  return words.slice(1, -1);
}
