import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const FORCE_EXIT_AFTER_MS = 10_000;

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, close the ES and
 * Redis clients (the modules' shutdown hooks), then exit 0. A hung close is cut off.
 */
export function exitGracefullyOnSignals(app: NestFastifyApplication, logger: LoggerService): void {
  let closing = false;
  // Closing the server only reaps idle keep-alive connections; one busy at the signal would stay
  // open (and keep the process alive) until its keep-alive timeout. So while draining, every
  // response asks the client to close its connection.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (_request, reply, payload, done) => {
      if (closing) void reply.header('connection', 'close');
      done(null, payload);
    });
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: draining requests and closing clients`);
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${FORCE_EXIT_AFTER_MS} ms; exiting`);
      process.exit(1);
    }, FORCE_EXIT_AFTER_MS).unref();
    app.close().then(
      () => {
        logger.log('shutdown complete');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
