import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { configToken, type FeatureConfig } from '@app/config';
import { clientAddressOf } from './client-address';
import { logsArePretty } from './log-format';
import { prettyDestination } from './pretty-destination';

@Module({
  imports: [
    LoggerModule.forRootAsync({
      // Only the http slice of the config: level and format of the logs.
      inject: [configToken('http')],
      useFactory: (config: FeatureConfig<'http'>) => {
        const options = {
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
        };
        // Pretty output goes through our destination; JSON keeps pino's own (fast) one.
        const pretty = logsArePretty(config, process.stdout.isTTY === true);
        return { pinoHttp: pretty ? [options, prettyDestination(process.stdout, true)] : options };
      },
    }),
  ],
})
export class LoggingModule {}
