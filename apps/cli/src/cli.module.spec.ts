import { Test } from '@nestjs/testing';
import { CacheAsideEdge, CacheAsideCall, ResponseCacheStore } from '@app/cache';
import { CatalogChangePublisher } from '@app/catalog';
import { loadConfig } from '@app/config';
import { CliModule } from './cli.module';

describe('CliModule', () => {
  it('builds what retires cache entries (catalog changes, purge), not the HTTP response cache', async () => {
    // Compiling builds the providers without connecting to Elasticsearch or Redis.
    const cli = await Test.createTestingModule({ imports: [CliModule.forRoot(loadConfig({}))] }).compile();
    expect(cli.get(ResponseCacheStore, { strict: false })).toBeDefined();
    expect(cli.get(CatalogChangePublisher, { strict: false })).toBeDefined();
    const missing = /not find|not found|does not exist/i;
    expect(() => cli.get(CacheAsideCall, { strict: false })).toThrow(missing);
    expect(() => cli.get(CacheAsideEdge, { strict: false })).toThrow(missing);
  });
});
