import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time comparison of a presented key with the configured one. Both are hashed first so
 * the buffers always have equal length and the compare leaks neither content nor length.
 */
export function apiKeyMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(sha256(presented), sha256(expected));
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
