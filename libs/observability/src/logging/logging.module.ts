import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '@app/config';
import { logsArePretty } from './log-format';
import { prettyDestination } from './pretty-destination';

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: [
          {
            level: config.logLevel,
            // Secrets never reach the logs, whatever the log level.
            redact: {
              paths: ['req.headers["x-api-key"]', 'req.headers.authorization', 'req.headers.cookie'],
              censor: '[redacted]',
            },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            customSuccessMessage: () => 'request completed',
            customErrorMessage: () => 'request failed',
          },
          logsArePretty(config, process.stdout.isTTY === true)
            ? prettyDestination(process.stdout, true)
            : process.stdout,
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
