import type { SearchParams, SearchSort } from '../../libs/search/src/query/search-params';
/**
 * A deterministic, realistic mix of distinct search URLs: words from the generator's own
 * vocabulary, some with a category, brand, price range, stock filter, sort or a later page.
 */
const WORDS = [
  'wireless headphones',
  'noise cancelling',
  'earbuds',
  'bluetooth speaker',
  'gaming laptop',
  'ultrabook',
  'oled',
  'chromebook',
  'smartphone',
  '5g phone',
  'camera',
  'mirrorless',
  'lens',
  'action camera',
  'coffee',
  'espresso machine',
  'cookware',
  'knife',
  'novel',
  'cookbook',
  'running shoes',
  'tent',
  'backpack',
  'tennis',
  'desk',
  'office chair',
  'sofa',
  'lamp',
  'lego',
  'puzzle',
  'board game',
  'doll',
  'lawn mower',
  'grill',
  'hose',
  'pruning shears',
  'usb-c',
  'portable',
  'waterproof',
  'ergonomic',
  'stainless steel',
  'kids',
  'travel',
  '',
];
const CATEGORIES = [
  'headphones',
  'laptops',
  'phones',
  'cameras',
  'kitchen',
  'books',
  'sports',
  'furniture',
  'toys',
  'garden',
];
const BRANDS = ['Sony', 'Apple', 'Bosch', 'LEGO', 'Nike', 'IKEA', 'Canon', 'Samsung', 'Lenovo', 'Weber'];
const SORTS = ['price_asc', 'price_desc', 'newest', 'rating'];

/** mulberry32: a tiny seeded PRNG, so every run uses the same mix. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function queryMix(count: number, seed = 7): string[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const paths = new Set<string>();
  while (paths.size < count) {
    const params = new URLSearchParams();
    const q = pick(WORDS);
    if (q) params.set('q', q);
    if (random() < 0.3) params.set('category', pick(CATEGORIES));
    if (random() < 0.15) params.set('brand', pick(BRANDS));
    if (random() < 0.25) params.set('minPrice', String(Math.floor(random() * 20) * 10));
    if (random() < 0.25) params.set('maxPrice', String(200 + Math.floor(random() * 30) * 50));
    if (random() < 0.2) params.set('inStock', 'true');
    if (random() < 0.35) params.set('sort', pick(SORTS));
    if (random() < 0.3) params.set('page', String(2 + Math.floor(random() * 4)));
    paths.add(`/search?${params.toString()}`);
  }
  return [...paths];
}

/** A mix path's search as the API validates it (defaults filled in), for tools that query Elasticsearch directly. */
export function mixParams(path: string): SearchParams {
  const p = new URLSearchParams(path.split('?')[1]);
  const num = (name: string): number | undefined => (p.has(name) ? Number(p.get(name)) : undefined);
  return {
    q: p.get('q') ?? '',
    tags: [],
    sort: (p.get('sort') ?? 'relevance') as SearchSort,
    page: num('page') ?? 1,
    size: 20,
    category: p.get('category') ?? undefined,
    brand: p.get('brand') ?? undefined,
    inStock: p.get('inStock') === 'true' ? true : undefined,
    minPrice: num('minPrice'),
    maxPrice: num('maxPrice'),
  };
}

/** The single hot query. */
export const HOT_PATH = '/search?q=wireless%20headphones';

/** A query no earlier run or scenario can have cached: a price cap above every price, unique per call. */
export function coldPath(nonce: number): string {
  return `/search?q=headphones&maxPrice=${90_000_000 + nonce}`;
}

/** What the bench's HTTP clients send with every read: browsers and CDNs always accept gzip. */
export const CLIENT_HEADERS: Readonly<Record<string, string>> = { 'accept-encoding': 'gzip, deflate, br' };
