import type { AppConfig } from '@app/config';

/** Pretty for a person at a terminal in development (and the demo), JSON for everything else. */
export function logsArePretty(config: Pick<AppConfig, 'env' | 'logFormat'>, isTty: boolean): boolean {
  if (config.logFormat !== 'auto') return config.logFormat === 'pretty';
  return isTty && config.env === 'development';
}
