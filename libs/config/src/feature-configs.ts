import { type ConfigFactory, getConfigToken, registerAs } from '@nestjs/config';
import type { AppConfig } from './app-config';

/**
 * Each feature's slice of the config, registered with @nestjs/config under its own namespace,
 * so a feature can take only what it uses: `@Inject(configToken('cache'))`, or
 * `ConfigService.get('cache.keyPrefix')`.
 */
const SLICES = {
  http: (config: AppConfig) => ({
    ...config.http,
    corsOrigins: config.corsOrigins,
    logLevel: config.logLevel,
    logFormat: config.logFormat,
    env: config.env,
  }),
  search: (config: AppConfig) => config.elasticsearch,
  cache: (config: AppConfig) => config.cache,
  redis: (config: AppConfig) => config.redis,
  auth: (config: AppConfig) => ({ env: config.env, adminApiKey: config.adminApiKey }),
  rateLimit: (config: AppConfig) => config.rateLimit,
} as const;

export type ConfigFeature = keyof typeof SLICES;
export type FeatureConfig<F extends ConfigFeature> = ReturnType<(typeof SLICES)[F]>;
export type FeatureConfigs = { [F in ConfigFeature]: FeatureConfig<F> };

/** The DI token of a feature's slice. */
export const configToken = (feature: ConfigFeature): string => getConfigToken(feature);

/** One `registerAs` factory per feature, over an already validated config. */
export function featureConfigs(config: AppConfig): ConfigFactory[] {
  return (Object.keys(SLICES) as ConfigFeature[]).map((feature) =>
    registerAs(feature, () => SLICES[feature](config)),
  );
}
