import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { apiKeyMatches } from './api-key';

export const API_KEY_HEADER = 'x-api-key';

/**
 * Protects catalog writes with the admin key (`x-api-key`). Without a configured key, production
 * refuses every write (403) while development and test allow them (AdminKeyNotice warns at boot).
 */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.adminApiKey;
    if (expected === undefined) {
      if (this.config.env !== 'production') return true;
      throw new ForbiddenException('Catalog writes are disabled until ADMIN_API_KEY is set.');
    }
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers[API_KEY_HEADER];
    if (!apiKeyMatches(typeof header === 'string' ? header : undefined, expected)) {
      throw new UnauthorizedException(`A valid admin key is required in the ${API_KEY_HEADER} header.`);
    }
    return true;
  }
}
