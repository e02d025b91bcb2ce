import { setTimeout as sleep } from 'node:timers/promises';
import { prng } from './queries';
import type { SoakMinute } from './soak-report';

/** Writes in flight at most; past it the writer skips a beat rather than pile up. */
const MAX_WRITES_IN_FLIGHT = 50;

/** PATCHes random products' stock at a fixed rate, alternating instances; counted per minute. */
export function startSoakWriter(
  origins: readonly string[],
  options: { docs: number; writeRate: number; adminKey: string },
): { takeMinute(): SoakMinute['writes']; stop(): Promise<void> } {
  const random = prng(17);
  let counts = { ok: 0, unavailable: 0, other: 0 };
  let running = options.writeRate > 0;
  const inFlight = new Set<Promise<void>>();
  const writeOne = async (k: number): Promise<void> => {
    const origin = origins[k % origins.length];
    const id = `gen-42-${Math.floor(random() * options.docs)}`;
    try {
      const res = await fetch(`${origin}/catalog/products/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-api-key': options.adminKey },
        body: JSON.stringify({ stock: Math.floor(random() * 500) }),
      });
      await res.arrayBuffer();
      if (res.ok) counts.ok++;
      else if (res.status === 503) counts.unavailable++;
      else counts.other++;
    } catch {
      counts.other++;
    }
  };
  const loop = (async () => {
    const intervalMs = 1000 / Math.max(options.writeRate, 0.001);
    let due = performance.now();
    for (let k = 0; running; k++) {
      if (inFlight.size < MAX_WRITES_IN_FLIGHT) {
        const write = writeOne(k).finally(() => inFlight.delete(write));
        inFlight.add(write);
      }
      due += intervalMs;
      await sleep(Math.max(0, due - performance.now()));
    }
  })();
  return {
    takeMinute() {
      const taken = counts;
      counts = { ok: 0, unavailable: 0, other: 0 };
      return taken;
    },
    async stop() {
      running = false;
      await loop;
      await Promise.all(inFlight);
    },
  };
}
