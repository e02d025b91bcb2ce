import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { loadConfig } from '@app/config';
import { AppModule } from '../apps/api/src/app.module';
import { buildOpenApiDocument } from '../apps/api/src/bootstrap/swagger';

/** Writes docs/openapi.json, or checks that the committed one matches the code (`--check`). */
async function main(): Promise<void> {
  // Default config, no connections: Nest only instantiates providers here; init hooks never run.
  const app = await NestFactory.create(
    AppModule.forRoot(loadConfig({ LOG_LEVEL: 'silent' })),
    new FastifyAdapter(),
    {
      logger: false,
    },
  );
  const document = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  await app.close();
  const file = join(__dirname, '..', 'docs', 'openapi.json');
  if (process.argv.includes('--write')) {
    writeFileSync(file, document);
    console.log(`wrote ${file}`);
    return;
  }
  const committed = readFileSync(file, 'utf8');
  if (committed !== document) {
    console.error(
      'docs/openapi.json is out of date with the code: run `npm run openapi:write` and commit it.',
    );
    process.exit(1);
  }
  console.log('docs/openapi.json is up to date');
}

void main();
