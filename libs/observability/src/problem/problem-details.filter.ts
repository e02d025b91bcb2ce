import { STATUS_CODES } from 'node:http';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Inject,
  Logger,
  Optional,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loggedRequest } from '../logging/logged-request';
import { ERROR_PROBLEM_MAPPERS, type ErrorProblemMapper } from './error-problem.mappers';
import { type Problem } from './problem';
import { sendProblem } from './send-problem';
import { problemFromHttpException } from './problem.mapper';

/**
 * Turns every error into problem+json. Anything that is not an HttpException is a bug or an
 * outage we did not map: the client gets a generic 500 with the request id, the log gets the rest.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  constructor(
    @Optional() @Inject(ERROR_PROBLEM_MAPPERS) private readonly mappers: readonly ErrorProblemMapper[] = [],
  ) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const problem: Problem =
      this.mapped(error) ??
      (error instanceof HttpException
        ? problemFromHttpException(error)
        : { type: 'about:blank', title: STATUS_CODES[500] ?? 'Internal Server Error', status: 500 });
    if (problem.status >= 500)
      this.logger.error({ err: error, req: loggedRequest(request.raw) }, 'request failed');
    sendProblem(request, reply, problem);
  }

  private mapped(error: unknown): Problem | undefined {
    for (const map of this.mappers) {
      const problem = map(error);
      if (problem) return problem;
    }
    return undefined;
  }
}
