import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ElasticsearchService } from '@nestjs/elasticsearch';

/** @nestjs/elasticsearch does not close its client; open sockets would keep the process alive. */
@Injectable()
export class ElasticsearchLifecycle implements OnApplicationShutdown {
  constructor(private readonly es: ElasticsearchService) {}

  async onApplicationShutdown(): Promise<void> {
    await this.es.close();
  }
}
