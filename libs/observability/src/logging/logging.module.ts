import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type HttpLogger, pinoHttp } from 'pino-http';
import { configToken, type FeatureConfig } from '@app/config';
import { clientAddressOf } from './client-address';
import { logsArePretty } from './log-format';
import { prettyDestination } from './pretty-destination';

/** pino-http's handler (HttpLogger): one line per request routed by Fastify, when its response ends. */
export const REQUEST_LOGGER = Symbol('REQUEST_LOGGER');

/** One pino logger for the app's lines and pino-http's, to one destination (the pretty story spans both). */
@Module({
  providers: [
    {
      provide: REQUEST_LOGGER,
      // Only the http slice of the config: level and format of the logs.
      inject: [configToken('http')],
      useFactory: (config: FeatureConfig<'http'>): HttpLogger => {
        const options = {
          level: config.logLevel,
          // Secrets never reach the logs, whatever the log level.
          redact: {
            paths: ['req.headers["x-api-key"]', 'req.headers.authorization', 'req.headers.cookie'],
            censor: '[redacted]',
          },
          serializers: {
            // `raw` is the IncomingMessage, for pino-http's lines and for a LoggedRequest's alike.
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
        return pretty ? pinoHttp(options, prettyDestination(process.stdout, true)) : pinoHttp(options);
      },
    },
  ],
  exports: [REQUEST_LOGGER],
})
class RequestLoggerModule {}

/**
 * nestjs-pino as Nest's logger, over the same pino logger, without its middleware: that one
 * enters an AsyncLocalStorage per request, which turns on Node's async hooks for every promise
 * of the process, cache hits included (bench/README.md). A request's own lines name it
 * explicitly (LoggedRequest); createApp puts pino-http's handler on Fastify's requests.
 */
@Module({
  imports: [
    RequestLoggerModule,
    LoggerModule.forRootAsync({
      imports: [RequestLoggerModule],
      inject: [REQUEST_LOGGER],
      useFactory: (requests: HttpLogger) => ({ pinoHttp: { logger: requests.logger }, forRoutes: [] }),
    }),
  ],
  exports: [RequestLoggerModule],
})
export class LoggingModule {}
