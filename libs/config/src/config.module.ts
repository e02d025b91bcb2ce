import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AppConfig } from './app-config';
import { featureConfigs } from './feature-configs';

/**
 * The config through @nestjs/config (global): `ConfigService`, each feature's slice under its
 * `registerAs` token, and the whole typed `AppConfig`. `config` is validated before Nest boots
 * (loadConfigFromProcess: `.env` under the real environment), so a mistake is one readable line
 * and the module graph, which depends on it (rate-limit modules, Fastify hooks), is known.
 */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          // Read and validated already; ConfigService never falls back to process.env.
          ignoreEnvFile: true,
          ignoreEnvVars: true,
          skipProcessEnv: true,
          load: featureConfigs(config),
        }),
      ],
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
