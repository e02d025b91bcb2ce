import 'reflect-metadata';
import { ConfigError, loadConfigFromProcess } from '@app/config';
import { createApp } from './bootstrap/create-app';

async function main(): Promise<void> {
  const config = loadConfigFromProcess();
  const app = await createApp(config);
  await app.listen(config.http.port, config.http.host);
  const url = `http://${config.http.host}:${config.http.port}`;
  app
    .get(await import('nestjs-pino').then((m) => m.Logger))
    .log(`API listening on ${url} (Swagger UI at ${url}/docs)`);
}

main().catch((error: unknown) => {
  // A configuration mistake is one readable line, not a stack trace.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
