import { CatalogStoreUnavailableError } from '../domain/catalog-errors';
import type { Product } from '../domain/product';
import { InMemoryProductRepository } from '../testing/in-memory-product.repository';
import { BulkIngestionService, type IngestOptions } from './bulk-ingestion.service';
import type { SourceEntry } from './source-entry';

const product = (n: number): Product => ({ id: `p${n}`, title: `Product ${n}` });
const entries = (count: number): SourceEntry[] =>
  Array.from({ length: count }, (_, i) => ({ line: i + 1, product: product(i + 1) }));

describe('BulkIngestionService', () => {
  let repo: InMemoryProductRepository;
  let service: BulkIngestionService;
  let delays: number[];
  const options = (extra: Partial<IngestOptions> = {}): IngestOptions => ({
    batchSize: 3,
    concurrency: 2,
    refresh: false,
    retry: {
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 1,
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    },
    ...extra,
  });

  beforeEach(() => {
    repo = new InMemoryProductRepository();
    service = new BulkIngestionService(repo);
    delays = [];
  });

  it('stores everything in batches of batchSize and accounts for every record', async () => {
    const report = await service.ingest(entries(10), options());
    expect(repo.bulkCalls).toBe(4);
    expect(repo.products.size).toBe(10);
    expect(report).toEqual({ sent: 10, indexed: 10, created: 10, failed: 0, retries: 0, errors: [] });
  });

  it('counts replacements as indexed but not created', async () => {
    await repo.put(product(2));
    const report = await service.ingest(entries(3), options());
    expect(report).toMatchObject({ indexed: 3, created: 2 });
  });

  it('retries a whole batch the store was unavailable for, with exponential backoff', async () => {
    repo.requestFailure = (call) =>
      call <= 2 ? new CatalogStoreUnavailableError('overloaded', 429) : undefined;
    const report = await service.ingest(entries(3), options());
    expect(report).toMatchObject({ indexed: 3, failed: 0, retries: 2 });
    expect(delays).toEqual([100, 200]);
  });

  it('retries only the items answered 429/5xx, never the 4xx ones', async () => {
    const seen = new Map<string, number>();
    repo.itemFault = (p) => {
      const attempt = (seen.get(p.id) ?? 0) + 1;
      seen.set(p.id, attempt);
      if (p.id === 'p1') return { status: 400, reason: 'mapper_parsing_exception: failed to parse [price]' };
      if (p.id === 'p2' && attempt === 1) return { status: 429, reason: 'es_rejected_execution_exception' };
      if (p.id === 'p3' && attempt <= 2) return { status: 503, reason: 'unavailable_shards_exception' };
      return undefined;
    };
    const report = await service.ingest(entries(3), options());
    expect(seen).toEqual(
      new Map([
        ['p1', 1],
        ['p2', 2],
        ['p3', 3],
      ]),
    );
    expect(report).toEqual({
      sent: 3,
      indexed: 2,
      created: 2,
      failed: 1,
      retries: 2,
      errors: [{ id: 'p1', reason: 'mapper_parsing_exception: failed to parse [price]' }],
    });
  });

  it('gives up after maxAttempts and reports the items as failed', async () => {
    repo.itemFault = () => ({ status: 503, reason: 'still down' });
    const report = await service.ingest(entries(2), options());
    expect(repo.bulkCalls).toBe(4);
    expect(delays).toEqual([100, 200, 400]);
    expect(report).toMatchObject({
      indexed: 0,
      failed: 2,
      errors: [
        { id: 'p1', reason: 'still down' },
        { id: 'p2', reason: 'still down' },
      ],
    });
  });

  it('does not retry a request that failed for a non-transient reason', async () => {
    repo.requestFailure = () => new Error('request body too large');
    const report = await service.ingest(entries(2), options());
    expect(repo.bulkCalls).toBe(1);
    expect(report).toMatchObject({ indexed: 0, failed: 2, retries: 0 });
    expect(report.errors[0]).toEqual({ id: 'p1', reason: 'request body too large' });
  });

  it('reports invalid records and duplicate ids by line, in input order, without holding back neighbours', async () => {
    const input: SourceEntry[] = [
      { line: 1, product: product(1) },
      { line: 2, reason: 'invalid JSON: oops' },
      { line: 4, product: product(1) },
      { line: 5, product: product(5) },
    ];
    const report = await service.ingest(input, options({ batchSize: 1 }));
    expect(report).toMatchObject({ sent: 4, indexed: 2, failed: 2 });
    expect(report.errors).toEqual([
      { line: 2, reason: 'invalid JSON: oops' },
      { line: 4, reason: 'duplicate id "p1" (first on line 1)' },
    ]);
  });

  it('never has more than `concurrency` batches in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const upsert = repo.bulkUpsert.bind(repo);
    repo.bulkUpsert = async (products) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return upsert(products);
    };
    const report = await service.ingest(entries(20), options({ batchSize: 2, concurrency: 3 }));
    expect(report.indexed).toBe(20);
    expect(peak).toBe(3);
  });

  it('reports progress up to the number of records', async () => {
    const progress: number[] = [];
    await service.ingest(entries(5), options({ onProgress: (n) => progress.push(n) }));
    expect(progress.at(-1)).toBe(5);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });
});
