import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** Global so every library can count without importing the HTTP layer. */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
