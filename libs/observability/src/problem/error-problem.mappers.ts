import type { Problem } from './problem';

/**
 * Turns an error the app knows (a domain error with a stable code) into a problem, or returns
 * undefined to pass. The app provides a list under ERROR_PROBLEM_MAPPERS; the first answer wins,
 * and errors no mapper claims get the default handling.
 */
export type ErrorProblemMapper = (error: unknown) => Problem | undefined;

export const ERROR_PROBLEM_MAPPERS = Symbol('ERROR_PROBLEM_MAPPERS');
