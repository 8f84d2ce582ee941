// An evaluation kept on a model's card ("Keep on the model's card", `alveo evaluate --keep`): the
// compact figures a sign-off needs, without the per-image lists. An evaluation that read images the
// model was fitted on is kept marked in-sample, never as independent.
import type { ClassCounts } from './datasets';
import type { Interval } from './evaluation';

export interface EvaluationRecordFigures {
  n: number;
  images: ClassCounts;
  /** NaN (JSON null) where the data leaves the figure undefined, as in the report. */
  sensitivity: number;
  specificity: number;
  auc: number;
  /** 95% patient-level intervals, where there are some. */
  intervals?: { sensitivity?: Interval; specificity?: Interval; auc?: Interval };
}

export interface EvaluationRecord extends EvaluationRecordFigures {
  /** When the evaluation ran (ISO). */
  created: string;
  /** The evaluated folder's real path: re-keeping the same folder replaces this record. */
  folder: string;
  split: string;
  threshold: number;
  thresholdRule: string;
  /** The engine that served the predictions, e.g. 'onnxruntime (cpu, 2 threads)'. */
  engine: string;
  /** Test-time views the model was served with (1: the image as is). */
  views: number;
  /** True when the evaluated images overlap the model's training or site images (see overlap). */
  inSample: boolean;
  /** The overlap warnings the evaluation raised (empty when independent). */
  overlap: string[];
  /** Every other warning the evaluation raised (one class only, files left out...). */
  warnings: string[];
  /** Counted images the app would hold back (intended-use warnings). */
  heldBack: number;
  /** The figures on the images the app would answer, when some were held back. */
  answered?: EvaluationRecordFigures;
}
