import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AdminApiKeyGuard } from './admin-api-key.guard';

/** A write operation: needs the admin key, documented as such in Swagger. */
export function AdminOnly(): MethodDecorator {
  return applyDecorators(
    UseGuards(AdminApiKeyGuard),
    ApiSecurity('admin'),
    ApiUnauthorizedResponse({ description: 'Missing or wrong x-api-key (problem+json)' }),
    ApiForbiddenResponse({
      description: 'Production without ADMIN_API_KEY: writes are disabled (problem+json)',
    }),
  );
}
