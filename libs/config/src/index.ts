export { AppConfig, type CacheRoute } from './app-config';
export { AppConfigModule } from './config.module';
export { ConfigError, loadConfig, loadConfigFromProcess } from './load-config';
export type { LogLevel } from './env.schema';
