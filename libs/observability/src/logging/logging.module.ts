import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import { clientAddressOf } from './client-address';

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          // Secrets never reach the logs, whatever the log level.
          redact: {
            paths: ['req.headers["x-api-key"]', 'req.headers.authorization', 'req.headers.cookie'],
            censor: '[redacted]',
          },
          serializers: {
            // Lines the cache writes itself carry a plain { id, method, url } without the raw request.
            req: (req: { id: string; method: string; url: string; raw?: IncomingMessage }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
              remoteAddress: req.raw && clientAddressOf(req.raw),
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          customSuccessMessage: () => 'request completed',
          customErrorMessage: () => 'request failed',
        },
      }),
    }),
  ],
})
export class LoggingModule {}
