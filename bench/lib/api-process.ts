import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** The compiled API's and CLI's entry points, relative to a checkout (ab.ts starts other checkouts). */
export const API_MAIN_IN_CHECKOUT = join('dist', 'apps', 'api', 'apps', 'api', 'src', 'main.js');
export const API_MAIN = join(ROOT, API_MAIN_IN_CHECKOUT);
export const CLI_MAIN = join(ROOT, 'dist', 'apps', 'cli', 'apps', 'cli', 'src', 'main.js');
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
