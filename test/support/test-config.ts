import { randomBytes } from 'node:crypto';
import { type AppConfig, loadConfigFromProcess } from '@app/config';

export const TEST_PREFIX = 'e2e-';

/**
 * Config for one test app: its own index prefix and Redis key prefix, so specs running in
 * parallel (and a developer's demo data) are never touched.
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const id = randomBytes(4).toString('hex');
  return loadConfigFromProcess({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    INDEX_PREFIX: `${TEST_PREFIX}${id}`,
    CACHE_KEY_PREFIX: `${TEST_PREFIX}${id}`,
    // Specs send bursts from one address; rate-limit specs turn the limits on explicitly.
    RATE_LIMIT_READ_PER_MIN: '0',
    RATE_LIMIT_WRITE_PER_MIN: '0',
    ...overrides,
  });
}

/** The guard every destructive test helper calls first. */
export function assertTestPrefix(prefix: string): void {
  if (!prefix.startsWith(TEST_PREFIX)) {
    throw new Error(
      `refusing to touch "${prefix}": test data must use a prefix starting with "${TEST_PREFIX}"`,
    );
  }
}
