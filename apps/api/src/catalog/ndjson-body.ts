import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const NDJSON_CONTENT_TYPES = ['application/x-ndjson', 'application/ndjson'];
/** Upper bound for one bulk body; the line limit (BULK_LIMITS) applies on top. */
export const NDJSON_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/** Keeps NDJSON bodies as the raw string: lines are parsed one by one so one bad line fails alone. */
export function registerNdjsonBodyParser(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(
      NDJSON_CONTENT_TYPES,
      { parseAs: 'string', bodyLimit: NDJSON_BODY_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
}
