import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@elastic/elasticsearch';
import { deleteIndicesOf } from './cleanup';
import { REPO_ROOT } from './paths';

const SECURE_DIR = join(REPO_ROOT, '.stack', 'secure');

/** The secured node of `npm run stack:secure:up` (stack/secure.sh): TLS with a private CA, security on. */
export const SECURE_URL = 'https://127.0.0.1:9221';
export const SECURE_CA_FILE = join(SECURE_DIR, 'ca.crt');

export interface SecureCredentials {
  apiKey: string;
  username: string;
  password: string;
}

/** The launcher's API key and file-realm user; fails with the fix when the node was never started. */
export function secureCredentials(): SecureCredentials {
  const read = (name: string) => readFileSync(join(SECURE_DIR, name), 'utf8').trim();
  if (!existsSync(join(SECURE_DIR, 'api-key'))) {
    throw new Error(`no ${join(SECURE_DIR, 'api-key')}; run: npm run stack:secure:up`);
  }
  return { apiKey: read('api-key'), username: read('username'), password: read('password') };
}

export function secureClient(): Client {
  return new Client({
    node: SECURE_URL,
    auth: { apiKey: secureCredentials().apiKey },
    tls: { ca: readFileSync(SECURE_CA_FILE) },
  });
}

/** Fails with the fix when the secured node does not answer. */
export async function requireSecureNode(): Promise<void> {
  const es = secureClient();
  try {
    await es.cluster.health({ wait_for_status: 'yellow', timeout: '5s' });
  } catch (error) {
    throw new Error(
      `this spec needs the secured node on ${SECURE_URL} (${String(error)}); run: npm run stack:secure:up`,
    );
  } finally {
    await es.close();
  }
}

/** Deletes the indices of one test prefix on the secured node (dropTestData cleans the default stack). */
export async function dropSecureTestIndices(prefix: string): Promise<void> {
  const es = secureClient();
  try {
    await deleteIndicesOf(es, prefix);
  } finally {
    await es.close();
  }
}
