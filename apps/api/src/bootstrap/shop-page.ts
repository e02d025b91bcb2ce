import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

/** Where `npm run build` writes the demo shop page (scripts/build-shop.ts), from the working directory. */
export const SHOP_DIR = resolve('dist/shop');

/**
 * Cache-Control of the page's files, the exception to `no-store` outside the response cache:
 * assets are named by their content hash, so a copy can be kept for good; index.html names the
 * current ones, so it is revalidated (its ETag) on every load.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * The demo shop page at `/` (InstantSearch.js on our Algolia-compatible endpoint), when it has
 * been built. One route per file found at boot (no wildcard route in front of the API's).
 */
export async function registerShopPage(app: NestFastifyApplication, dir = SHOP_DIR): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) {
    new Logger('ShopPage').warn(`${dir}/index.html not found: no demo page at / (npm run build makes it)`);
    return false;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      void reply.header('cache-control', path.includes(`${join(dir, 'assets')}`) ? IMMUTABLE : REVALIDATE);
    },
  });
  return true;
}
