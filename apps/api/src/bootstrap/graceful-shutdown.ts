import type { INestApplication, LoggerService } from '@nestjs/common';

const FORCE_EXIT_AFTER_MS = 10_000;

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, close the ES and
 * Redis clients (the modules' shutdown hooks), then exit 0. A hung close is cut off.
 */
export function exitGracefullyOnSignals(app: INestApplication, logger: LoggerService): void {
  let closing = false;
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
