import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { AppConfig } from './app-config';
import { AppConfigModule } from './config.module';
import { configToken, type FeatureConfig } from './feature-configs';
import { loadConfig } from './load-config';

@Injectable()
class NeedsCacheSlice {
  constructor(@Inject(configToken('cache')) readonly cache: FeatureConfig<'cache'>) {}
}

describe('AppConfigModule', () => {
  const config = loadConfig({ CACHE_KEY_PREFIX: 'unit-slices', RATE_LIMIT_WRITE_PER_MIN: '7', PORT: '4100' });

  it('provides AppConfig, each feature slice by its registerAs token, and ConfigService', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config)],
      providers: [NeedsCacheSlice],
    }).compile();
    expect(moduleRef.get(AppConfig)).toBe(config);
    expect(moduleRef.get(NeedsCacheSlice).cache).toEqual(config.cache);
    const service = moduleRef.get(ConfigService);
    expect(service.get<number>('rateLimit.writePerMinute')).toBe(7);
    expect(service.get<number>('http.port')).toBe(4100);
    expect(service.get<string[]>('search.nodes')).toEqual(['http://127.0.0.1:9200']);
    expect(service.get<string>('redis.url')).toBe('redis://127.0.0.1:6379');
    expect(service.get<string>('auth.env')).toBe('development');
  });

  it('never answers from process.env', async () => {
    process.env.E2E_UNIT_ONLY_IN_PROCESS = 'leak';
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [AppConfigModule.forRoot(config)],
      }).compile();
      expect(moduleRef.get(ConfigService).get('E2E_UNIT_ONLY_IN_PROCESS')).toBeUndefined();
    } finally {
      delete process.env.E2E_UNIT_ONLY_IN_PROCESS;
    }
  });
});
