import { setTimeout as sleep } from 'node:timers/promises';
import { RATE_LIMIT_WINDOW_MS } from '../../apps/api/src/rate-limit/rate-limit';

/**
 * Rate limits count per fixed minute: a test that fills a budget and expects a 429 fails if the
 * minute turns in between (its counts start again). Call this before such a test: it returns at
 * once when `room` is left in the current window, else waits for the next one.
 */
export async function withinOneRateWindow(room = 10_000): Promise<void> {
  const left = RATE_LIMIT_WINDOW_MS - (Date.now() % RATE_LIMIT_WINDOW_MS);
  if (left < room) await sleep(left + 50);
}
