import { liteClient } from 'algoliasearch/lite';
import instantsearch from 'instantsearch.js';
import {
  configure,
  hits,
  pagination,
  rangeInput,
  searchBox,
  sortBy,
  stats,
} from 'instantsearch.js/es/widgets';
import { showCacheState } from './cache-badge';
import { singleRefinementList } from './single-refinement-list';

interface Product {
  title: string;
  description: string | null;
  brand: string | null;
  category: string | null;
  price: number | null;
  currency: string | null;
  rating: number | null;
}

/**
 * The client keeps no answers of its own: every search reaches the service, so the badge shows
 * the service's cache (HIT or MISS), not a copy held in the page.
 */
const noResponseCache = {
  get: <T>(_key: unknown, load: () => Promise<T>, events?: { miss?: (value: T) => Promise<unknown> }) =>
    load().then(async (value) => {
      await events?.miss?.(value);
      return value;
    }),
  set: <T>(_key: unknown, value: T) => Promise.resolve(value),
  delete: () => Promise.resolve(),
  clear: () => Promise.resolve(),
};

// This page is served by the search service itself: its Algolia-compatible endpoint is this origin.
const client = liteClient('demo-shop', 'no-key-needed', {
  responsesCache: noResponseCache,
  hosts: [
    {
      url: location.host,
      protocol: location.protocol === 'https:' ? 'https' : 'http',
      accept: 'readWrite',
    },
  ],
});

const badge = document.getElementById('cache-badge') as HTMLElement;

/** The lite client, timing each answer and reading its cache state for the badge. */
const searchClient: typeof client = {
  ...client,
  search: (...args: Parameters<typeof client.search>) => {
    const startedMs = performance.now();
    return client.search(...args).then((response) => {
      showCacheState(badge, response.results, performance.now() - startedMs);
      return response;
    });
  },
};

const search = instantsearch({ indexName: 'products', searchClient });

search.addWidgets([
  configure({ hitsPerPage: 12 }),
  searchBox({ container: '#searchbox', placeholder: 'Search products…', showSubmit: false }),
  sortBy({
    container: '#sort-by',
    items: [
      { label: 'Most relevant', value: 'products' },
      { label: 'Price: low to high', value: 'products_price_asc' },
      { label: 'Price: high to low', value: 'products_price_desc' },
      { label: 'Newest', value: 'products_newest' },
      { label: 'Best rated', value: 'products_rating' },
    ],
  }),
  stats({ container: '#stats' }),
  singleRefinementList({ container: '#category', attribute: 'category', limit: 20 }),
  singleRefinementList({ container: '#brand', attribute: 'brand', limit: 20 }),
  // Templates are functions: string templates are compiled with `new Function`, which the page's
  // Content-Security-Policy (script-src 'self', no unsafe-eval) forbids.
  rangeInput({
    container: '#price',
    attribute: 'price',
    templates: { separatorText: () => 'to', submitText: () => 'Go' },
  }),
  hits<Product>({
    container: '#hits',
    templates: {
      item: (hit, { html, components }) => html`
        <article>
          <h3 class="hit-title">${components.Highlight({ hit, attribute: 'title' })}</h3>
          <div class="hit-meta">${hit.brand ?? ''} · ${hit.category ?? ''} · ★ ${hit.rating ?? '–'}</div>
          <p class="hit-description">${components.Highlight({ hit, attribute: 'description' })}</p>
          <div class="hit-price">${hit.price ?? '–'} ${hit.currency ?? ''}</div>
        </article>
      `,
      empty: (results, { html }) => html`<p>No products for “${results.query}”.</p>`,
    },
  }),
  pagination({ container: '#pagination', padding: 2 }),
]);

// A refused query (an Algolia error from the service) shows on the badge instead of failing silently.
search.on('error', (event: { error?: Error }) => {
  console.error('search failed', event.error);
  badge.dataset.cache = 'ERROR';
  badge.textContent = `error: ${event.error?.message ?? 'unknown'}`;
});

search.start();
