/**
 * Availability patches (libs/search/src/query/listing-patch.ts) against fresh searches: for texts
 * of the bench mix's listings that filter on availability (browsing without text too), and products they match (half of them
 * out of stock, brought in; half taken out), flips the product's stock in the index, patches every
 * listing of the text that does not show it (together, as a write does), searches each again and
 * compares. What a patch answers for (total, facets, relaxed, the
 * cursor's page and count) must equal the fresh search (the price sum and mean within 1e-9
 * relative), and the product must not be on the fresh page; the hits may differ only by the
 * near-ties every write reorders (its term statistics move every score), counted as `drifted`.
 * Refused patches are searched again. Then Elasticsearch's CPU per listing: the patches of a flip
 * (one search per text) against the full searches they replace, 10 s of each (run it on an idle machine).
 * Writes to the index (each stock put back): run it on the bench index only.
 * Usage: ts-node -r tsconfig-paths/register bench/tools/listing-patch-check.ts [--index bench-products] [--flips 200] */
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { Client } from '@elastic/elasticsearch';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../../libs/config/src';
import type { Metrics } from '../../libs/observability/src';
import {
  availabilityPatches,
  type ListingToPatch,
} from '../../libs/search/src/elasticsearch/listing-patches';
import { ElasticsearchProductSearch } from '../../libs/search/src/elasticsearch/product-search.adapter';
import type { ListingBody } from '../../libs/search/src/query/listing-patch';
import type { SearchParams } from '../../libs/search/src/query/search-params';
import { processCpuMs } from '../lib/es-stats';
import { mixParams, prng, queryMix } from '../lib/queries';
import { ListingTextPlans } from '../../libs/search/src/query/listing-text-plans';

const near = (x: number | null, y: number | null, within: number): boolean =>
  x === y || (x !== null && y !== null && Math.abs(x - y) <= within * Math.max(1, Math.abs(y)));

function decodedCursor(token: string | null): { after: unknown[] } | null {
  if (!token) return null;
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { after: unknown[] };
}

/**
 * What a patch answers for: total, facets (the price sum and mean are float sums in another order:
 * equal within a relative 1e-9), `relaxed`, `didYouMean`, and the cursor's page and count.
 */
function sameCounts(a: ListingBody, b: ListingBody): boolean {
  const sa = a.facets.priceStats;
  const sb = b.facets.priceStats;
  if ((sa === null) !== (sb === null)) return false;
  if (sa && sb && !(near(sa.sum, sb.sum, 1e-9) && near(sa.avg, sb.avg, 1e-9))) return false;
  const [ca, cb] = [decodedCursor(a.nextCursor), decodedCursor(b.nextCursor)];
  if ((ca === null) !== (cb === null)) return false;
  const counts = (body: ListingBody, cursor: { after: unknown[] } | null): unknown => ({
    ...body,
    hits: null,
    nextCursor: cursor && { ...cursor, after: null },
    facets: {
      ...body.facets,
      priceStats: body.facets.priceStats && { ...body.facets.priceStats, sum: 0, avg: 0 },
    },
  });
  return isDeepStrictEqual(counts(a, ca), counts(b, cb));
}

/** The hits and the last one's sort values, scores within a relative 1e-6. */
function sameHits(a: ListingBody, b: ListingBody): boolean {
  if (a.hits.length !== b.hits.length || a.hits.some((hit, i) => !near(hit.score, b.hits[i].score, 1e-6))) {
    return false;
  }
  const [ca, cb] = [decodedCursor(a.nextCursor), decodedCursor(b.nextCursor)];
  const after = (c: { after: unknown[] } | null): unknown =>
    c?.after.map((v) => (typeof v === 'number' ? 0 : v));
  const scores = (ca?.after ?? []).every(
    (v, i) => typeof v !== 'number' || near(v, cb?.after[i] as number, 1e-6),
  );
  const strip = (body: ListingBody): unknown => body.hits.map((hit) => ({ ...hit, score: 0 }));
  return scores && isDeepStrictEqual(after(ca), after(cb)) && isDeepStrictEqual(strip(a), strip(b));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (name: string): string | undefined =>
    argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined;
  const index = arg('--index') ?? 'bench-products';
  const flips = Number(arg('--flips') ?? 200);
  const es = new Client({ node: process.env.ELASTICSEARCH_NODE ?? 'http://127.0.0.1:9200' });
  const took = { patch: 0, patchSearches: 0, full: 0, fullSearches: 0 };
  const esNode = process.env.ELASTICSEARCH_NODE ?? 'http://127.0.0.1:9200';
  /**
   * Elasticsearch's CPU per call over 10 s of calls one after another (its process figure is
   * refreshed once a second: read after a quiet second on both sides). Run it on an idle machine.
   */
  const cpuPerCall = async (call: (i: number) => Promise<unknown>): Promise<number> => {
    await sleep(1_100);
    const before = await processCpuMs(esNode);
    let calls = 0;
    for (const end = Date.now() + 10_000; Date.now() < end; calls++) await call(calls);
    await sleep(1_100);
    return ((await processCpuMs(esNode)) - before) / calls;
  };
  const asked: { id: string; listings: ListingToPatch[] }[] = [];
  const timer = { startTimer: () => () => undefined };
  const search = new ElasticsearchProductSearch(
    es,
    { elasticsearchDuration: timer } as unknown as Metrics,
    { elasticsearch: { indexPrefix: index.replace(/-products$/, ''), timeoutMs: 30_000 } } as AppConfig,
  );
  const ctx = {
    es,
    alias: index,
    plans: new ListingTextPlans(),
    options: () => ({}),
    run: async <T extends object>(_operation: string, call: () => Promise<T>): Promise<T> => {
      const result = await call();
      for (const r of (result as { responses?: { took?: number }[] }).responses ?? []) {
        took.patch += r.took ?? 0;
        took.patchSearches++;
      }
      return result;
    },
  };
  const fresh = async (params: SearchParams): Promise<ListingBody> => {
    const { tookMs, ...body } = await search.search(params);
    took.full += tookMs;
    took.fullSearches++;
    return body;
  };
  const distinct = new Map(
    queryMix(1_000)
      .map(mixParams)
      .filter((params) => params.inStock === true)
      .map((params) => [JSON.stringify(params), params]),
  );
  const listings = [...distinct.values()];
  const random = prng(11);
  const outcome = { patched: 0, same: 0, drifted: 0, refusedOnPage: 0, refused: 0, wrong: 0 };
  Logger.overrideLogger(false);
  for (let n = 0; n < flips; n++) {
    const { q } = listings[Math.floor(random() * listings.length)];
    const matching = await es.search<{ stock?: number }>({
      index,
      size: 1_000,
      _source: ['stock'],
      // Half the flips bring a product back in stock, half take one out.
      query: {
        bool: {
          // A browse listing (no text) lists every product.
          must: [q === '' ? { match_all: {} } : { match: { title: q } }],
          [n % 2 === 0 ? 'must_not' : 'filter']: [{ range: { stock: { gt: 0 } } }],
        },
      },
      sort: [{ id: 'asc' }],
    });
    const hits = matching.hits.hits;
    if (hits.length === 0) continue;
    const product = hits[Math.floor(random() * hits.length)];
    const id = product._id as string;
    const before = product._source?.stock;
    // Every listing of the text that does not show the product, patched together as a write does.
    const cached: ListingToPatch[] = [];
    for (const params of listings.filter((listing) => listing.q === q)) {
      const body = await fresh(params);
      if (!body.hits.some((hit) => hit.id === id)) cached.push({ params, body });
    }
    if (cached.length === 0) continue;
    await es.update({ index, id, doc: { stock: (before ?? 0) > 0 ? 0 : 7 }, refresh: true });
    try {
      const patches = await availabilityPatches(ctx, id, cached);
      asked.push({ id, listings: cached });
      for (const [i, { params, body }] of cached.entries()) {
        const patched = patches[i];
        const now = await fresh(params);
        if (patched === undefined) {
          if (now.hits.some((hit) => hit.id === id)) outcome.refusedOnPage++;
          else outcome.refused++;
        } else if (
          !sameCounts(patched, now) ||
          (!sameHits(patched, now) && now.hits.some((h) => h.id === id))
        ) {
          outcome.wrong++;
          const differs = (Object.keys(now) as (keyof ListingBody)[]).filter(
            (key) => !isDeepStrictEqual(patched[key], now[key]),
          );
          const show = (listing: ListingBody): string =>
            JSON.stringify(
              differs.map((key) =>
                key === 'hits' ? listing.hits.map((h) => [h.id, h.score]) : listing[key],
              ),
            );
          console.log(
            `WRONG ${JSON.stringify(params)} ${id} (${differs.join(', ')}):\n  patched ${show(patched)}\n  fresh   ${show(now)}`,
          );
        } else if (!sameHits(patched, now)) {
          // The write moved every score a little (term statistics): near-ties reorder, without the
          // product, for this copy as for any cached page.
          outcome.drifted++;
        } else if (patched === body) outcome.same++;
        else outcome.patched++;
      }
    } finally {
      await es.update({ index, id, doc: { stock: before ?? null }, refresh: true });
    }
  }
  const perListing = asked.length / asked.reduce((sum, flip) => sum + flip.listings.length, 0);
  const patchCpu =
    perListing *
    (await cpuPerCall((i) => {
      const { id, listings: some } = asked[i % asked.length];
      return availabilityPatches(ctx, id, some);
    }));
  const everyListing = asked.flatMap((flip) => flip.listings);
  const fullCpu = await cpuPerCall((i) => search.search(everyListing[i % everyListing.length].params));
  console.log(
    `${index}: ${JSON.stringify(outcome)}; Elasticsearch CPU per listing: patch ${patchCpu.toFixed(1)} ms, ` +
      `full search ${fullCpu.toFixed(1)} ms (${(patchCpu / fullCpu).toFixed(2)}×)`,
  );
  const listed = everyListing.length;
  console.log(
    `${index}: ${asked.length} flips, ${listed} listings (${(listed / asked.length).toFixed(1)} a flip); ` +
      `Elasticsearch took: ${took.patchSearches} patch searches ${took.patch} ms, ` +
      `${took.fullSearches} full searches ${took.full} ms (${(took.full / took.fullSearches).toFixed(1)} ms each)`,
  );
  await es.close();
  if (outcome.wrong > 0) process.exitCode = 1;
}

void main();
