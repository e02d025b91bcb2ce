import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildShop } from '../scripts/build-shop';
import { PRODUCTS } from './search-fixture';
import { dropTestData } from './support/cleanup';
import { seedProducts } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';
import { REPO_ROOT } from './support/paths';

const CHROMIUM = '/usr/bin/chromium';
/** `UPDATE_SHOP_SCREENSHOT=1` rewrites the README's screenshot from this run. */
const SCREENSHOT = join(REPO_ROOT, 'docs', 'shop-demo.png');
const HITS_PER_PAGE = 12;

/** The demo shop page at `/` in Debian's chromium: InstantSearch.js on the Algolia-compatible endpoint. */
describe('demo shop page in a real browser', () => {
  let app: TestApp;
  let context: BrowserContext;
  let profile: string;
  let shopDir: string;
  let page: Page;

  const hitTitles = () => page.locator('#hits .hit-title').allInnerTexts();
  const facetCounts = async (facet: 'category' | 'brand'): Promise<Record<string, number>> => {
    const items = page.locator(`#${facet} .facet-item`);
    const out: Record<string, number> = {};
    for (const item of await items.all()) {
      out[(await item.getAttribute('data-value')) ?? ''] = Number(
        await item.locator('.facet-count').innerText(),
      );
    }
    return out;
  };
  /** Waits until the page shows what `check` wants (InstantSearch renders after each answer). */
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) {
        const shown = await page.locator('#stats, #cache-badge').allInnerTexts();
        throw new Error(`timed out waiting for ${what}; the page shows ${JSON.stringify(shown)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const badge = () => page.locator('#cache-badge');

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} missing: run bash scripts/setup.sh --with-browser`);
    // The page as `npm run build` makes it, from the current sources, in a directory of its own
    // (dist/shop may be in use by other specs' apps).
    shopDir = mkdtempSync(join(tmpdir(), 'shop-page-'));
    await buildShop(shopDir);
    // Timeouts that a loaded machine does not trip: a Redis call past REDIS_TIMEOUT_MS is a
    // BYPASS (nothing stored), which would make the cache HIT this test expects a MISS.
    const config = testConfig({ REDIS_TIMEOUT_MS: '2000', ELASTICSEARCH_TIMEOUT_MS: '30000' });
    app = await startTestApp(config, { shopDir });
    await seedProducts(config, PRODUCTS);
    profile = mkdtempSync(join(tmpdir(), 'shop-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1100, height: 640 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    for (const dir of [profile, shopDir]) if (dir) rmSync(dir, { recursive: true, force: true });
    await app?.close();
    if (app) await dropTestData(app.config);
  });

  it('search, highlight, refine by category, sort and page through the catalog; the badge shows the cache state', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.stack ?? String(error)));
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const response = await page.goto(`${app.url}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    expect(response?.headers()['cache-control']).toBe('no-cache');

    // Browse: the first page of the whole catalog, categories with counts, a cache badge.
    // The first searches of a fresh index are the slowest (cold caches on a loaded shared node).
    await until(
      'the first hits',
      async () => (await page.locator('#hits .ais-Hits-item').count()) > 0,
      90_000,
    );
    expect(await hitTitles()).toHaveLength(HITS_PER_PAGE);
    await until('category counts', async () => Object.keys(await facetCounts('category')).length > 0);
    const categories = await facetCounts('category');
    const byCategory = (name: string) => PRODUCTS.filter((p) => p.category === name).length;
    expect(categories.Audio).toBe(byCategory('Audio'));
    await expect(badge().innerText()).resolves.toMatch(/^(MISS|HIT) · \d+ ms$/);

    // Type a query: highlighted hits.
    await page.locator('#searchbox input').fill('wireless');
    await until('highlighted hits', async () => (await page.locator('#hits mark').count()) > 0);
    const wireless = PRODUCTS.filter((p) =>
      `${p.title} ${p.description} ${p.tags.join(' ')}`.toLowerCase().includes('wireless'),
    );
    await until('the wireless hits', async () => (await hitTitles()).length === wireless.length);
    const marked = await page.locator('#hits .hit-title mark').allInnerTexts();
    expect(marked.map((m) => m.toLowerCase())).toContain('wireless');
    await expect(page.locator('#stats').innerText()).resolves.toMatch(
      new RegExp(`${wireless.length} results`),
    );

    // Click a category: hits and the other facet's counts change.
    const brandsBefore = await facetCounts('brand');
    const categoryCounts = await facetCounts('category');
    const audio = wireless.filter((p) => p.category === 'Audio');
    expect(categoryCounts.Audio).toBe(audio.length);
    await page.locator('#category .facet-item[data-value="Audio"] input').click();
    await until('hits of the category', async () => (await hitTitles()).length === audio.length);
    await until('brand counts within the category', async () => {
      const brands = await facetCounts('brand');
      return JSON.stringify(brands) !== JSON.stringify(brandsBefore);
    });
    const brandsAfter = await facetCounts('brand');
    for (const p of audio) expect(brandsAfter[p.brand]).toBeGreaterThan(0);
    expect(Object.values(brandsAfter).reduce((a, b) => a + b, 0)).toBe(audio.length);
    await expect(page.locator('#category .facet-item--selected').getAttribute('data-value')).resolves.toBe(
      'Audio',
    );
    await page.screenshot({ path: join(profile, 'shop.png') });
    if (process.env.UPDATE_SHOP_SCREENSHOT === '1') await page.screenshot({ path: SCREENSHOT });

    // Back to the whole catalog, sorted by price: the cheapest first.
    await page.locator('#category .facet-item[data-value="Audio"] input').click();
    await page.locator('#searchbox input').fill('');
    await until('the whole catalog again', async () => (await hitTitles()).length === HITS_PER_PAGE);
    await page.locator('#sort-by select').selectOption('products_price_asc');
    const byPrice = [...PRODUCTS].sort((a, b) => a.price - b.price || a.id.localeCompare(b.id));
    const pricesShown = () => page.locator('#hits .hit-price').allInnerTexts();
    const expectedPrices = (from: number) =>
      byPrice.slice(from, from + HITS_PER_PAGE).map((p) => `${p.price} ${p.currency}`);
    await until(
      'hits sorted by price',
      async () => (await pricesShown()).join() === expectedPrices(0).join(),
    );

    // Page 2 of the same sort.
    await page.locator('#pagination .ais-Pagination-item--page a', { hasText: '2' }).click();
    await until('page 2', async () => (await pricesShown()).join() === expectedPrices(HITS_PER_PAGE).join());
    expect(new URL(page.url()).pathname).toBe('/');

    // Back to page 1: asked before, so answered from the cache.
    await page.locator('#pagination .ais-Pagination-item--page a', { hasText: '1' }).click();
    await until('page 1 again', async () => (await pricesShown()).join() === expectedPrices(0).join());
    await until('a cache HIT on the badge', async () => /^HIT · \d+ ms$/.test(await badge().innerText()));
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 180_000);

  it("sends the page helmet's full set, on its revalidation (304) too: a browser keeps a 304's headers", async () => {
    const first = await fetch(`${app.url}/`);
    expect(first.headers.get('content-type')).toMatch(/^text\/html/);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    // node:http, not fetch: fetch adds `Cache-Control: no-cache` to a conditional request, and
    // @fastify/send then answers 200.
    const again = await new Promise<IncomingMessage>((resolve, reject) =>
      httpGet(`${app.url}/`, { headers: { 'if-none-match': etag ?? '' } }, (res) => {
        res.resume();
        resolve(res);
      }).on('error', reject),
    );
    expect(again.statusCode).toBe(304);
    for (const csp of [
      first.headers.get('content-security-policy'),
      again.headers['content-security-policy'],
    ])
      expect(csp).toContain("script-src 'self'");
    expect(again.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('serves the hashed assets as immutable, with their content types', async () => {
    const html = await (await fetch(`${app.url}/`)).text();
    const script = /src="(\/assets\/app-[\w-]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/style-[\w-]+\.css)"/.exec(html)?.[1];
    for (const [path, type] of [
      [script, /^application\/javascript|^text\/javascript/],
      [style, /^text\/css/],
    ] as const) {
      expect(path).toBeDefined();
      const res = await fetch(`${app.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect((await fetch(`${app.url}/assets/nope.js`)).status).toBe(404);
  });
});
