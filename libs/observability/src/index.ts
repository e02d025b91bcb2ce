export { LoggingModule } from './logging/logging.module';
export { ProblemDetailsFilter } from './problem/problem-details.filter';
export { PROBLEM_CONTENT_TYPE, type Problem } from './problem/problem';
export { ERROR_PROBLEM_MAPPERS, type ErrorProblemMapper } from './problem/error-problem.mappers';
export { genRequestId } from './logging/request-id';
export { Metrics, type CacheResult } from './metrics/metrics';
export { MetricsModule } from './metrics/metrics.module';
export { registerHttpMetrics } from './metrics/http-metrics.hook';
export { VALIDATION_PIPE_OPTIONS } from './http/validation';
