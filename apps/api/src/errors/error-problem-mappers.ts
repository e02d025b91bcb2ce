import type { Provider } from '@nestjs/common';
import { ERROR_PROBLEM_MAPPERS, type ErrorProblemMapper } from '@app/observability';
import { algoliaErrorProblem } from '../algolia/algolia-error';
import { catalogErrorProblem } from '../catalog/catalog-error.problem';
import { searchErrorProblem } from '../search/search-error.problem';

/** Domain errors each feature maps to problem+json; ProblemDetailsFilter tries them in order. */
const MAPPERS: readonly ErrorProblemMapper[] = [catalogErrorProblem, searchErrorProblem, algoliaErrorProblem];

export const errorProblemMappersProvider: Provider = { provide: ERROR_PROBLEM_MAPPERS, useValue: MAPPERS };
