import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { ElasticsearchAccessLog } from './elasticsearch-access';
import { ProductIndexAdmin } from './product-index.admin';

const RETRY_DELAYS_MS = [500, 1_000, 2_000, 5_000];

/**
 * Creates the index/alias at startup. The API must boot while Elasticsearch is down (readiness
 * reports it), so a failure is retried in the background instead of stopping the process.
 */
@Injectable()
export class ProductIndexBootstrap implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProductIndexBootstrap.name);
  private timer?: NodeJS.Timeout;
  private attempt = 0;
  private stopped = false;
  ready = false;

  constructor(
    private readonly admin: ProductIndexAdmin,
    private readonly config: AppConfig,
    private readonly access: ElasticsearchAccessLog,
  ) {}

  /**
   * Usually the index exists or is created at once, and the app starts with it in place. A node
   * that hangs must not hold the boot: past the request timeout the attempt goes on in the background.
   */
  async onApplicationBootstrap(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bounded = new Promise<void>(
      (resolve) => (timer = setTimeout(resolve, this.config.elasticsearch.timeoutMs)),
    );
    await Promise.race([this.tryEnsure(), bounded]);
    clearTimeout(timer);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async tryEnsure(): Promise<void> {
    try {
      await this.admin.ensureIndex();
      this.ready = true;
      this.access.succeeded();
    } catch (error) {
      if (this.stopped) return;
      const delayMs = RETRY_DELAYS_MS[Math.min(this.attempt++, RETRY_DELAYS_MS.length - 1)];
      // The cause is logged once (a wrong key or CA is one line, not one per retry).
      this.access.failed(error);
      this.logger.debug({ retryInMs: delayMs }, 'products index not ensured yet');
      this.timer = setTimeout(() => void this.tryEnsure(), delayMs);
      this.timer.unref();
    }
  }
}
