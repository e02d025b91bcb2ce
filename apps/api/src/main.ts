import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfigFromProcess } from '@app/config';
import { createApp } from './bootstrap/create-app';
import { exitGracefullyOnSignals } from './bootstrap/graceful-shutdown';

async function main(): Promise<void> {
  const config = loadConfigFromProcess();
  const app = await createApp(config);
  const logger = app.get(Logger);
  exitGracefullyOnSignals(app, logger);
  await app.listen(config.http.port, config.http.host);
  const url = `http://${config.http.host}:${config.http.port}`;
  logger.log(`API listening on ${url} (Swagger UI at ${url}/docs)`);
}

main().catch((error: unknown) => {
  // A configuration mistake is one readable line, not a stack trace.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
