import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@app/config';
import { type AppOptions, createApp } from '../../apps/api/src/bootstrap/create-app';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  url: string;
  close(): Promise<void>;
}

/** The real API wiring (same createApp as main.ts), listening on a free loopback port. */
export async function startTestApp(config: AppConfig, options?: AppOptions): Promise<TestApp> {
  const app = await createApp(config, options);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, config, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
