import { CatalogChangePublisher } from './catalog-change.publisher';
import {
  ProductAlreadyExistsError,
  ProductIdMismatchError,
  ProductNotFoundError,
} from './domain/catalog-errors';
import { BulkIngestionService } from './ingestion/bulk-ingestion.service';
import { BULK_LIMITS, ProductCatalog } from './product-catalog.service';
import { InMemoryProductRepository } from './testing/in-memory-product.repository';

class CountingPublisher extends CatalogChangePublisher {
  calls = 0;
  productsChanged(): Promise<void> {
    this.calls++;
    return Promise.resolve();
  }
  searchSemanticsChanged(): Promise<void> {
    return Promise.reject(new Error('not a catalog write'));
  }
}

describe('ProductCatalog', () => {
  let repo: InMemoryProductRepository;
  let publisher: CountingPublisher;
  let catalog: ProductCatalog;

  beforeEach(() => {
    repo = new InMemoryProductRepository();
    publisher = new CountingPublisher();
    catalog = new ProductCatalog(repo, new BulkIngestionService(repo), publisher);
  });

  it('stamps createdAt/updatedAt on create and announces the change', async () => {
    const created = await catalog.create({ id: 'a', title: 'A' });
    expect(created.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(created.updatedAt).toBe(created.createdAt);
    expect(repo.products.get('a')).toEqual(created);
    expect(publisher.calls).toBe(1);
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
    expect(publisher.calls).toBe(1);
  });
});
