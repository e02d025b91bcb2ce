/**
 * Builds the demo shop page (web/shop) into dist/shop with esbuild: one minified bundle of
 * InstantSearch.js + algoliasearch/lite + our code, one stylesheet, both named by content hash
 * (served as immutable), and index.html pointing at them (served with revalidation).
 * Run by `npm run build`; the API serves dist/shop at `/`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(__dirname, '..');
const SOURCE = join(ROOT, 'web/shop');
const SHOP_OUT_DIR = join(ROOT, 'dist/shop');

/** Builds the page into `outDir`; returns what it wrote, for the log. */
export async function buildShop(outDir = SHOP_OUT_DIR): Promise<string> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: { app: join(SOURCE, 'src/main.ts'), style: join(SOURCE, 'style.css') },
    outdir: join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020'],
    platform: 'browser',
    // algoliasearch's package picks its browser build (fetch/XHR) under these conditions.
    conditions: ['browser'],
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) =>
    relative(outDir, join(process.cwd(), file)),
  );
  const find = (name: string, ext: string): string => {
    const file = outputs.find((out) => basename(out).startsWith(`${name}-`) && out.endsWith(ext));
    if (!file) throw new Error(`esbuild wrote no ${name}*${ext}`);
    return file;
  };
  const html = readFileSync(join(SOURCE, 'index.html'), 'utf8')
    .replace('/__SCRIPT__', `/${find('app', '.js')}`)
    .replace('/__STYLE__', `/${find('style', '.css')}`);
  writeFileSync(join(outDir, 'index.html'), html);
  const bytes = outputs.map((file) => `${file} ${readFileSync(join(outDir, file)).length} B`);
  return `shop page built in ${outDir}: index.html, ${bytes.join(', ')}`;
}

if (require.main === module) {
  buildShop().then(
    (summary) => console.log(summary),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
