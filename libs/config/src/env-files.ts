import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { ConfigError } from './config-error';

/** Where a process looks for `.env` (relative to its working directory, as @nestjs/config does). */
export const ENV_FILE_PATHS: readonly string[] = ['.env'];

/**
 * The variables of the `.env` files that exist, parsed as @nestjs/config parses them (dotenv).
 * An earlier file wins over a later one; a missing file is skipped.
 */
export function readEnvFiles(paths: readonly string[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const path of [...paths].reverse()) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      throw new ConfigError(`Invalid configuration: cannot read ${path} (${code ?? String(error)})`);
    }
    Object.assign(merged, parse(text));
  }
  return merged;
}
