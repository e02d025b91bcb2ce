import type { estypes } from '@elastic/elasticsearch';
import type { Collection } from './collection';
import { readCranfield } from './cranfield';
import { readHomedepot } from './homedepot';

/** A test collection, where to find it, and the plain-BM25 query it is compared against. */
export interface Dataset {
  read(dir: string): Collection;
  /** Folder name under ../shared/datasets (from the repo root) unless --path is given. */
  folder: string;
  /** The baseline: the simplest query one would write, run over the same index in the same run. */
  plainBm25(text: string): estypes.QueryDslQueryContainer;
}

export const DATASETS: Record<string, Dataset> = {
  cranfield: {
    read: readCranfield,
    folder: 'cranfield',
    plainBm25: (text) => ({ multi_match: { query: text, fields: ['title', 'description'] } }),
  },
  homedepot: {
    read: readHomedepot,
    folder: 'homedepot-dev',
    plainBm25: (text) => ({ match: { title: text } }),
  },
};
