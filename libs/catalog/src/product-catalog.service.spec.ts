import type { LoggedRequest } from '@app/observability';
import { CatalogChangePublisher, type PendingWrite } from './catalog-change.publisher';
import type { ProductChange } from './domain/product-change';
import {
  CatalogStoreUnavailableError,
  ProductAlreadyExistsError,
  ProductIdMismatchError,
  ProductNotFoundError,
} from './domain/catalog-errors';
import { BulkIngestionService } from './ingestion/bulk-ingestion.service';
import { BULK_LIMITS, ProductCatalog } from './product-catalog.service';
import { InMemoryProductRepository } from './testing/in-memory-product.repository';

class RecordingPublisher extends CatalogChangePublisher {
  readonly changes: ProductChange[] = [];
  /** The request each change was announced for. */
  readonly requests: (LoggedRequest | undefined)[] = [];
  /** Marks handed out, and the number of changes announced when each was taken. */
  readonly marks: number[] = [];
  readonly pending: PendingWrite[] = [];
  override writeStarting(pending: PendingWrite): Promise<number> {
    this.marks.push(this.changes.length);
    this.pending.push(pending);
    return Promise.resolve(this.marks.length);
  }
  get calls(): number {
    return this.changes.length;
  }
  productsChanged(change: ProductChange, req?: LoggedRequest): Promise<void> {
    this.changes.push(change);
    this.requests.push(req);
    return Promise.resolve();
  }
  catalogReplaced(): Promise<void> {
    throw new Error('not called by the HTTP use cases');
  }
  searchSemanticsChanged(): Promise<void> {
    return Promise.reject(new Error('not a catalog write'));
  }
}

describe('ProductCatalog', () => {
  let repo: InMemoryProductRepository;
  let publisher: RecordingPublisher;
  let catalog: ProductCatalog;

  beforeEach(() => {
    repo = new InMemoryProductRepository();
    publisher = new RecordingPublisher();
    catalog = new ProductCatalog(repo, new BulkIngestionService(repo), publisher);
  });

  it('stamps createdAt/updatedAt on create and announces the change', async () => {
    const created = await catalog.create({ id: 'a', title: 'A' });
    expect(created.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(created.updatedAt).toBe(created.createdAt);
    expect(repo.products.get('a')).toEqual(created);
    expect(publisher.changes).toEqual([{ kind: 'create', ids: ['a'] }]);
  });

  it('announces each write with its request, for the log lines of what it retires', async () => {
    const req = (id: string): LoggedRequest => ({ id, method: 'POST', url: '/catalog/products' });
    await catalog.create({ id: 'a', title: 'A' }, req('1'));
    await catalog.replace('a', { title: 'B' }, req('2'));
    await catalog.patch('a', { stock: 2 }, req('3'));
    await catalog.bulkFromJson([{ id: 'b', title: 'B' }], req('4'));
    await catalog.bulkFromNdjson('{"id":"c","title":"C"}', req('5'));
    await catalog.delete('a', req('6'));
    const unknown = new CatalogStoreUnavailableError('in flight', undefined, true);
    repo.patch = () => Promise.reject(unknown);
    await expect(catalog.patch('b', { price: 1 }, req('7'))).rejects.toBe(unknown);
    expect(publisher.requests.map((r) => r?.id)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('retires the product on a write whose outcome is unknown, not on one surely not applied', async () => {
    await catalog.create({ id: 'a', title: 'A' });
    const unknown = new CatalogStoreUnavailableError('in flight', undefined, true);
    repo.patch = () => Promise.reject(unknown);
    await expect(catalog.patch('a', { price: 1 })).rejects.toBe(unknown);
    expect(publisher.changes.at(-1)).toEqual({ kind: 'upsert', ids: ['a'] });
    const notSent = new CatalogStoreUnavailableError('unreachable');
    repo.delete = () => Promise.reject(notSent);
    await expect(catalog.delete('a')).rejects.toBe(notSent);
    expect(publisher.calls).toBe(2);
  });

  it('announces what each write changed: fields of an update, creates and deletes by id', async () => {
    await catalog.create({ id: 'a', title: 'A', price: 5, stock: 1 });
    await catalog.patch('a', { stock: 2 });
    await catalog.replace('a', { title: 'A', price: 6, stock: 2 });
    await catalog.replace('b', { title: 'B' });
    await catalog.delete('a');
    expect(publisher.changes.slice(1)).toEqual([
      {
        kind: 'update',
        ids: ['a'],
        fields: expect.arrayContaining(['stock']) as unknown,
        startedAt: 1,
        product: expect.objectContaining({ id: 'a', price: 5, stock: 2 }) as unknown,
      },
      {
        kind: 'update',
        ids: ['a'],
        fields: expect.arrayContaining(['price']) as unknown,
        startedAt: 2,
        product: expect.objectContaining({ id: 'a', price: 6, stock: 2 }) as unknown,
      },
      { kind: 'create', ids: ['b'] },
      { kind: 'delete', ids: ['a'] },
    ]);
    // Taken before each update was sent (after the create's announcement, before its own).
    expect(publisher.marks).toEqual([1, 2]);
    const replaced = publisher.changes[2] as { fields: readonly string[] };
    expect(replaced.fields).not.toContain('title');
    expect(replaced.fields).not.toContain('stock');
  });

  it('names what a write may change before it is sent: the patched fields, or what a PUT changes', async () => {
    await catalog.create({ id: 'a', title: 'A', price: 5, stock: 1 });
    const before = await catalog.get('a');
    await catalog.patch('a', { title: 'Lamp', description: undefined });
    await catalog.patch('a', { stock: 0 });
    await catalog.replace('a', { ...before, title: 'Lamp', price: 7, stock: 0 });
    expect(publisher.pending).toEqual([
      { ids: ['a'], fields: ['title'] },
      { ids: ['a'], fields: ['stock', 'inStock'] },
      { ids: ['a'], fields: expect.arrayContaining(['price']) as unknown },
    ]);
    expect(publisher.pending[2].fields).not.toContain('title');
  });

  it('announces inStock when a write takes a product in or out of stock, and only then', async () => {
    await catalog.create({ id: 'a', title: 'A', stock: 2 });
    await catalog.patch('a', { stock: 0 });
    await catalog.patch('a', { stock: 0 });
    await catalog.replace('a', { title: 'A', stock: 5 });
    await catalog.patch('a', { price: 3 });
    // updatedAt is left out: two writes within one millisecond stamp the same time.
    const fields = publisher.changes
      .slice(1)
      .map((c) => (c.kind === 'update' ? c.fields.filter((f) => f !== 'updatedAt').sort() : c.kind));
    expect(fields).toEqual([['inStock', 'stock'], [], ['inStock', 'stock'], ['price']]);
  });

  it('keeps a createdAt the client sent', async () => {
    const created = await catalog.create({ id: 'a', title: 'A', createdAt: '2020-01-01' });
    expect(created.createdAt).toBe('2020-01-01');
  });

  it('announces nothing when a write fails', async () => {
    await catalog.create({ id: 'a', title: 'A' });
    await expect(catalog.create({ id: 'a', title: 'B' })).rejects.toBeInstanceOf(ProductAlreadyExistsError);
    await expect(catalog.patch('missing', { price: 1 })).rejects.toBeInstanceOf(ProductNotFoundError);
    await expect(catalog.delete('missing')).rejects.toBeInstanceOf(ProductNotFoundError);
    await expect(catalog.replace('a', { id: 'b', title: 'B' })).rejects.toBeInstanceOf(
      ProductIdMismatchError,
    );
    expect(await catalog.bulkFromNdjson('{bad\n')).toMatchObject({ indexed: 0, failed: 1 });
    expect(publisher.calls).toBe(1);
  });

  it('keeps the original createdAt on PUT and refreshes updatedAt', async () => {
    await repo.put({
      id: 'a',
      title: 'A',
      createdAt: '2020-01-01T00:00:00Z',
      updatedAt: '2020-01-01T00:00:00Z',
    });
    const replaced = await catalog.replace('a', { title: 'B' });
    expect(replaced).toMatchObject({ id: 'a', title: 'B', createdAt: '2020-01-01T00:00:00Z' });
    expect(replaced.updatedAt! > '2020-01-01T00:00:00Z').toBe(true);
  });

  it('refuses bulk bodies over the record limit before storing anything', async () => {
    const body = Array.from(
      { length: BULK_LIMITS.maxRecords + 1 },
      (_, i) => `{"id":"p${i}","title":"T"}`,
    ).join('\n');
    await expect(catalog.bulkFromNdjson(body)).rejects.toMatchObject({ code: 'BULK_TOO_LARGE' });
    await expect(catalog.bulkFromJson([...Array(BULK_LIMITS.maxRecords + 1).keys()])).rejects.toMatchObject({
      code: 'BULK_TOO_LARGE',
    });
    expect(repo.bulkCalls).toBe(0);
  });

  it('announces a bulk write once, after it is stored', async () => {
    const report = await catalog.bulkFromJson([
      { id: 'a', title: 'A' },
      { id: 'b', title: 'B' },
      { id: 'c' },
    ]);
    expect(report).toMatchObject({ indexed: 2, failed: 1 });
    expect(repo.products.size).toBe(2);
    expect(publisher.changes).toEqual([{ kind: 'upsert', ids: ['a', 'b'] }]);
  });
});
