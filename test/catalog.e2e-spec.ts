import request from 'supertest';
import { dropTestData } from './support/cleanup';
import { rawEs } from './support/es';
import { startTestApp, type TestApp } from './support/test-app';
import { testConfig } from './support/test-config';

const PRODUCTS = '/catalog/products';

/** The fields these tests read from product and problem bodies. */
interface Body {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  errors?: unknown;
  detail?: string;
}
const body = (res: request.Response): Body => res.body as Body;
const ADMIN_KEY = 'e2e-admin-key-0123456789abcdef';
const headphones = {
  id: 'hp-1',
  title: 'Sony WH-1000XM5 Wireless Noise Cancelling Headphones',
  brand: 'Sony',
  category: 'headphones',
  tags: ['wireless', 'noise cancelling'],
  price: 379,
  currency: 'EUR',
  rating: 4.7,
  stock: 12,
};

describe('catalog API', () => {
  const apps: TestApp[] = [];
  const start = async (overrides: Record<string, string> = {}): Promise<TestApp> => {
    const app = await startTestApp(testConfig(overrides));
    apps.push(app);
    return app;
  };
  const alias = (app: TestApp): string => `${app.config.elasticsearch.indexPrefix}-products`;
  const esCount = async (app: TestApp): Promise<number> => {
    const es = rawEs(app.config);
    try {
      await es.indices.refresh({ index: alias(app) });
      return (await es.count({ index: alias(app) })).count;
    } finally {
      await es.close();
    }
  };
  afterAll(async () => {
    for (const app of apps) {
      await app.close();
      await dropTestData(app.config);
    }
  });

  describe('single-product writes (no key configured, test mode)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await start();
    });

    it('creates a product that is searchable as soon as the call returns', async () => {
      const created = await request(app.url).post(PRODUCTS).send(headphones).expect(201);
      expect(created.body).toMatchObject(headphones);
      expect(body(created).createdAt).toEqual(body(created).updatedAt);
      const es = rawEs(app.config);
      try {
        // No refresh here on purpose: refresh=wait_for must already have made it visible.
        const hits = await es.search({ index: alias(app), query: { match: { title: 'headphones' } } });
        expect(hits.hits.hits.map((h) => h._id)).toEqual(['hp-1']);
      } finally {
        await es.close();
      }
      const read = await request(app.url).get(`${PRODUCTS}/hp-1`).expect(200);
      expect(read.body).toEqual(created.body);
    });

    it('refuses a second create with the same id (409 problem+json)', async () => {
      const res = await request(app.url).post(PRODUCTS).send({ id: 'dup-1', title: 'First' }).expect(201);
      expect(body(res).id).toBe('dup-1');
      const again = await request(app.url).post(PRODUCTS).send({ id: 'dup-1', title: 'Second' }).expect(409);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(again.body).toMatchObject({ status: 409, code: 'PRODUCT_ALREADY_EXISTS' });
    });

    it('rejects an unknown field and an invalid value with 400 problem+json', async () => {
      const unknown = await request(app.url)
        .post(PRODUCTS)
        .send({ ...headphones, id: 'x-1', colour: 'black' })
        .expect(400);
      expect(unknown.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(body(unknown).errors)).toContain('property colour should not exist');
      const invalid = await request(app.url)
        .post(PRODUCTS)
        .send({ id: 'x-2', title: 'T', price: -1 })
        .expect(400);
      expect(JSON.stringify(body(invalid).errors)).toContain('price must not be less than 0');
      await request(app.url).get(`${PRODUCTS}/x-1`).expect(404);
    });

    it('replaces with PUT, keeping createdAt and refusing a different body id', async () => {
      const created = await request(app.url)
        .post(PRODUCTS)
        .send({ id: 'put-1', title: 'Old title' })
        .expect(201);
      const replaced = await request(app.url)
        .put(`${PRODUCTS}/put-1`)
        .send({ title: 'New title', price: 5 })
        .expect(200);
      expect(replaced.body).toMatchObject({ id: 'put-1', title: 'New title', price: 5 });
      expect(body(replaced).createdAt).toBe(body(created).createdAt);
      expect(body(replaced).updatedAt > body(created).updatedAt).toBe(true);
      const mismatch = await request(app.url)
        .put(`${PRODUCTS}/put-1`)
        .send({ id: 'other', title: 'X' })
        .expect(400);
      expect(mismatch.body).toMatchObject({ status: 400, code: 'PRODUCT_ID_MISMATCH' });
      expect(body(await request(app.url).get(`${PRODUCTS}/put-1`).expect(200)).title).toBe('New title');
    });

    it('patches some fields and leaves the others alone', async () => {
      await request(app.url)
        .post(PRODUCTS)
        .send({ id: 'patch-1', title: 'Café Espresso Machine', price: 449 })
        .expect(201);
      const patched = await request(app.url)
        .patch(`${PRODUCTS}/patch-1`)
        .send({ price: 399.5, stock: 0 })
        .expect(200);
      expect(patched.body).toMatchObject({
        id: 'patch-1',
        title: 'Café Espresso Machine',
        price: 399.5,
        stock: 0,
      });
      expect((await request(app.url).get(`${PRODUCTS}/patch-1`).expect(200)).body).toEqual(patched.body);
      await request(app.url).patch(`${PRODUCTS}/patch-1`).send({ title: null }).expect(400);
      await request(app.url).patch(`${PRODUCTS}/patch-1`).send({ id: 'renamed' }).expect(400);
      const missing = await request(app.url).patch(`${PRODUCTS}/nope`).send({ price: 1 }).expect(404);
      expect(missing.body).toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
    });

    it('concurrent patches of one product all land (each applied to the version it read)', async () => {
      await request(app.url).post(PRODUCTS).send({ id: 'patch-2', title: 'Pour-over Kettle' }).expect(201);
      const fields = [{ price: 59 }, { stock: 4 }, { rating: 4.5 }, { brand: 'Hario' }];
      await Promise.all(
        fields.map((body) => request(app.url).patch(`${PRODUCTS}/patch-2`).send(body).expect(200)),
      );
      const stored = (await request(app.url).get(`${PRODUCTS}/patch-2`).expect(200)).body as object;
      expect(stored).toMatchObject({
        title: 'Pour-over Kettle',
        price: 59,
        stock: 4,
        rating: 4.5,
        brand: 'Hario',
      });
    });

    it('deletes, then answers 404 problem+json for the missing id', async () => {
      await request(app.url).post(PRODUCTS).send({ id: 'del-1', title: 'To delete' }).expect(201);
      await request(app.url).delete(`${PRODUCTS}/del-1`).expect(204);
      const res = await request(app.url).get(`${PRODUCTS}/del-1`).expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        status: 404,
        title: 'Not Found',
        code: 'PRODUCT_NOT_FOUND',
        instance: `${PRODUCTS}/del-1`,
      });
      await request(app.url).delete(`${PRODUCTS}/del-1`).expect(404);
    });

    it('answers 400 for a malformed path id', async () => {
      await request(app.url).get(`${PRODUCTS}/bad%20id`).expect(400);
    });
  });

  describe('bulk', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await start();
    });

    it('indexes the good NDJSON lines and reports the bad one by line number', async () => {
      const body = [
        JSON.stringify({ id: 'b-1', title: 'Lenovo ThinkPad X1 Carbon Laptop' }),
        JSON.stringify({ id: 'b-2', title: 'Bose QuietComfort Headphones' }),
        '',
        JSON.stringify({ id: 'b-3', title: 'Bad price', price: 'cheap' }),
        JSON.stringify({ id: 'b-4', title: 'Garden Hose' }),
      ].join('\r\n');
      const res = await request(app.url)
        .post(`${PRODUCTS}/bulk`)
        .set('content-type', 'application/x-ndjson')
        .send(body)
        .expect(200);
      expect(res.body).toEqual({
        indexed: 3,
        failed: 1,
        errors: [
          {
            line: 4,
            reason:
              'price must not be less than 0; price must be a number conforming to the specified constraints',
          },
        ],
      });
      expect(await esCount(app)).toBe(3);
      await request(app.url).get(`${PRODUCTS}/b-4`).expect(200);
    });

    it('accepts a JSON array, reporting positions', async () => {
      const res = await request(app.url)
        .post(`${PRODUCTS}/bulk`)
        .send([{ id: 'j-1', title: 'One' }, { id: 'j-2' }, { id: 'j-3', title: 'Three' }])
        .expect(200);
      expect(res.body).toEqual({
        indexed: 2,
        failed: 1,
        errors: [{ line: 2, reason: expect.stringContaining('title') as unknown }],
      });
      expect(await esCount(app)).toBe(5);
    });

    it('reports items Elasticsearch refuses by id, without retrying them', async () => {
      const es = rawEs(app.config);
      try {
        await es.indices.putSettings({ index: alias(app), settings: { 'index.blocks.write': true } });
        const res = await request(app.url)
          .post(`${PRODUCTS}/bulk`)
          .send([
            { id: 'blocked-1', title: 'One' },
            { id: 'blocked-2', title: 'Two' },
          ])
          .expect(200);
        expect(res.body).toMatchObject({ indexed: 0, failed: 2 });
        expect(body(res).errors).toEqual([
          { id: 'blocked-1', reason: expect.stringContaining('cluster_block_exception') as unknown },
          { id: 'blocked-2', reason: expect.stringContaining('cluster_block_exception') as unknown },
        ]);
      } finally {
        await es.indices.putSettings({ index: alias(app), settings: { 'index.blocks.write': null } });
        await es.close();
      }
      expect(await esCount(app)).toBe(5);
    });

    it('refuses more than 10,000 lines with 413 problem+json, indexing nothing', async () => {
      const body = Array.from({ length: 10_001 }, (_, i) =>
        JSON.stringify({ id: `many-${i}`, title: 'T' }),
      ).join('\n');
      const res = await request(app.url)
        .post(`${PRODUCTS}/bulk`)
        .set('content-type', 'application/x-ndjson')
        .send(body)
        .expect(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 413, code: 'BULK_TOO_LARGE' });
      expect(await esCount(app)).toBe(5);
    });

    it('refuses a body over the byte limit with 413 problem+json', async () => {
      const line = JSON.stringify({ id: 'big', title: 'Big', description: 'x'.repeat(99_000) });
      const body = Array.from({ length: 180 }, () => line).join('\n');
      const res = await request(app.url)
        .post(`${PRODUCTS}/bulk`)
        .set('content-type', 'application/x-ndjson')
        .send(body)
        .expect(413);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    it('answers 415 for other media types and 400 for a JSON body that is not an array', async () => {
      await request(app.url).post(`${PRODUCTS}/bulk`).set('content-type', 'text/plain').send('x').expect(415);
      const res = await request(app.url).post(`${PRODUCTS}/bulk`).send({ id: 'x' }).expect(400);
      expect(res.body).toMatchObject({ code: 'INVALID_BULK_BODY' });
    });
  });

  describe('admin key', () => {
    it('requires the key for writes once configured; reads stay public', async () => {
      const app = await start({ ADMIN_API_KEY: ADMIN_KEY });
      const product = { id: 'auth-1', title: 'Keyed' };
      const missing = await request(app.url).post(PRODUCTS).send(product).expect(401);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      expect(missing.body).toMatchObject({ status: 401, title: 'Unauthorized' });
      await request(app.url).post(PRODUCTS).set('x-api-key', `${ADMIN_KEY}x`).send(product).expect(401);
      await request(app.url).delete(`${PRODUCTS}/auth-1`).set('x-api-key', 'wrong').expect(401);
      await request(app.url)
        .post(`${PRODUCTS}/bulk`)
        .set('content-type', 'application/x-ndjson')
        .send(JSON.stringify(product))
        .expect(401);
      await request(app.url).get(`${PRODUCTS}/auth-1`).expect(404);
      await request(app.url).post(PRODUCTS).set('x-api-key', ADMIN_KEY).send(product).expect(201);
      await request(app.url).get(`${PRODUCTS}/auth-1`).expect(200);
    });

    it('refuses writes in production until a key is set (403 problem+json)', async () => {
      const app = await start({ NODE_ENV: 'production' });
      const res = await request(app.url).post(PRODUCTS).send({ id: 'prod-1', title: 'Nope' }).expect(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(body(res).detail).toMatch(/ADMIN_API_KEY/);
      await request(app.url).get(`${PRODUCTS}/prod-1`).expect(404);
      expect(await esCount(app)).toBe(0);
    });
  });
});
