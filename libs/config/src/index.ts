export { AppConfig, type CacheRoute, type RedisTopology, type TrustProxy } from './app-config';
export { AppConfigModule } from './config.module';
export { ENV_FILE_PATHS } from './env-files';
export { configToken, type ConfigFeature, type FeatureConfig, type FeatureConfigs } from './feature-configs';
export { ConfigError, loadConfig, loadConfigFromProcess } from './load-config';
export type { LogFormat, LogLevel } from './env.schema';
