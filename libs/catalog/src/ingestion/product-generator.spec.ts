import { validateProduct } from '../dto/validate-product';
import type { Product } from '../domain/product';
import { generateProducts } from './product-generator';

async function collect(count: number, seed: number): Promise<Product[]> {
  const products: Product[] = [];
  for await (const product of generateProducts(count, seed)) products.push(product);
  return products;
}

describe('generateProducts', () => {
  it('gives the same products for the same seed', async () => {
    expect(await collect(50, 7)).toEqual(await collect(50, 7));
  });

  it('gives different products for a different seed', async () => {
    const [a, b] = await Promise.all([collect(20, 7), collect(20, 8)]);
    expect(a.map((p) => p.title)).not.toEqual(b.map((p) => p.title));
  });

  it('makes product i independent of how many come before or after it', async () => {
    const long = await collect(30, 3);
    expect((await collect(10, 3)).map((p) => p.id)).toEqual(long.slice(0, 10).map((p) => p.id));
    expect(await collect(10, 3)).toEqual(long.slice(0, 10));
  });

  it('only produces products the API would accept, with unique ids', async () => {
    const products = await collect(500, 42);
    const invalid = products.map((p) => validateProduct(p)).filter((r) => !r.ok);
    expect(invalid).toEqual([]);
    expect(new Set(products.map((p) => p.id)).size).toBe(500);
  });

  it('looks like a catalog: several categories, sold-out items, EUR and USD', async () => {
    const products = await collect(500, 42);
    expect(new Set(products.map((p) => p.category)).size).toBeGreaterThanOrEqual(8);
    expect(products.some((p) => p.stock === 0)).toBe(true);
    expect(new Set(products.map((p) => p.currency))).toEqual(new Set(['EUR', 'USD']));
    for (const p of products) expect(p.updatedAt! >= p.createdAt!).toBe(true);
  });
});
