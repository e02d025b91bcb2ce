import type { Product } from '@app/catalog';

export interface EvalQuery {
  id: string;
  text: string;
}

/** query id → (document id → gain). Judged-irrelevant documents are kept with gain 0. */
export type Judgements = Map<string, Map<string, number>>;

export interface Collection {
  documents: Product[];
  queries: EvalQuery[];
  judgements: Judgements;
}

export function addJudgement(judgements: Judgements, query: string, doc: string, gain: number): void {
  const forQuery = judgements.get(query) ?? new Map<string, number>();
  forQuery.set(doc, gain);
  judgements.set(query, forQuery);
}
