import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';

class FieldErrorDto {
  @ApiProperty({ example: 'size' }) field!: string;
  @ApiProperty({ example: 'size must not be greater than 100' }) message!: string;
}

/** The OpenAPI schema of `Problem` (RFC 9457 + our `requestId` and `code`): every 4xx/5xx body. */
@ApiSchema({ name: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' })
export class ProblemDto {
  @ApiProperty({ example: 'about:blank', description: 'URI of the problem type; about:blank = see title' })
  type!: string;

  @ApiProperty({ example: 'Bad Request', description: 'The HTTP status phrase' })
  title!: string;

  @ApiProperty({ type: 'integer', example: 400, minimum: 400, maximum: 599 })
  status!: number;

  @ApiPropertyOptional({ example: 'The request is invalid.', description: 'For people; never internals' })
  detail?: string;

  @ApiPropertyOptional({
    example: '/search?size=1000',
    description: 'The request path and query (absent when the request line itself was unreadable)',
  })
  instance?: string;

  @ApiProperty({
    example: 'b3a1c1d0-2c9e-4a7e-9f5e-0d6f1c9a8e21',
    description: 'Also in the x-request-id header and in the server log lines of this request',
  })
  requestId!: string;

  @ApiPropertyOptional({
    example: 'PRODUCT_NOT_FOUND',
    description: 'Stable machine-readable code of a domain error (e.g. RATE_LIMITED)',
  })
  code?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'One entry per invalid field (400)' })
  errors?: FieldErrorDto[];
}
