import { Client } from '@elastic/elasticsearch';
import type { AppConfig } from '@app/config';

/** A raw client for asserting on what Elasticsearch itself holds (not the app's view of it). */
export function rawEs(config: AppConfig): Client {
  return new Client({ nodes: [...config.elasticsearch.nodes] });
}

/** Polls until `check` passes or the time is up (for work the app does in the background). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
