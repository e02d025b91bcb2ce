import { STATUS_CODES } from 'node:http';
import type { ErrorProblemMapper, Problem } from '@app/observability';

const RETRY_AFTER_SECONDS = 5;

/**
 * A mapper for a library's coded errors: the status comes from the feature's exhaustive
 * code → status table; 503s tell the client when to come back.
 */
export function codedErrorProblem<Code extends string>(
  isError: (error: unknown) => error is Error & { code: Code },
  statusOf: Readonly<Record<Code, number>>,
): ErrorProblemMapper {
  return (error) => {
    if (!isError(error)) return undefined;
    const status = statusOf[error.code];
    const problem: Problem = {
      type: 'about:blank',
      title: STATUS_CODES[status] ?? 'Error',
      status,
      detail: error.message,
      code: error.code,
    };
    if (status === 503) problem.retryAfterSeconds = RETRY_AFTER_SECONDS;
    return problem;
  };
}
