import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@app/config';

/** Says once, at boot, when catalog writes are open or closed because no admin key is set. */
@Injectable()
export class AdminKeyNotice implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminApiKey');

  constructor(private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    if (this.config.adminApiKey !== undefined) return;
    if (this.config.env === 'production') {
      this.logger.warn('ADMIN_API_KEY is not set: catalog writes are refused (403) until it is');
    } else {
      this.logger.warn(
        `ADMIN_API_KEY is not set: catalog writes are open to anyone (${this.config.env} mode)`,
      );
    }
  }
}
