// The `az` package (OpenCorpora morphology for Russian) ships no types: the part of its API the
// review uses.
declare module 'az' {
  interface AzTag {
    POS?: string;
    [grammeme: string]: unknown;
  }
  interface AzParse {
    tag: AzTag;
    score: number;
    normalize(keepPOS?: boolean): { word: string };
  }
  interface AzMorph {
    (word: string, config?: Record<string, unknown>): AzParse[];
    init(path: string, callback: (err: unknown) => void): void;
  }
  const Az: { Morph: AzMorph };
  export default Az;
}

// ml-logistic-regression ships no types: the part the review's learned model uses.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    classifiers: { weights: Matrix; testScores(x: Matrix): number[] }[];
    train(x: Matrix, y: Matrix): void;
  }
}
