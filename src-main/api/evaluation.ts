// Evaluating a model on a labelled folder (the 'evaluate' job): its spec and its report.
import type { ClassCounts, DatasetLayout, OfficialSplit, SkippedFile } from './datasets';
import type { Label } from './shared';

/** A model's figures on a labelled set at one threshold (also kept in its card, model-card.ts). */
export interface ModelMetrics {
  n: number;
  accuracy: number;
  sensitivity: number;
  specificity: number;
  precision: number;
  f1: number;
  auc: number;
  prAuc?: number;
  confusion: { tp: number; fp: number; tn: number; fn: number };
}

export interface RocPoint {
  threshold: number;
  tpr: number;
  fpr: number;
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number;
  observedPositive: number;
}

export interface ScoredImage {
  file: string;
  label: Label;
  probability: number;
  loss: number;
}

export interface EvaluationReport extends ModelMetrics {
  prAuc: number;
  threshold: number;
  thresholdRule: string;
  model: { id: string; name: string; inputSize: number };
  dataset: { root: string; layout: DatasetLayout; split: string; images: ClassCounts; duplicates: number; skipped: number };
  roc: RocPoint[];
  calibration: { bins: CalibrationBin[]; ece: number };
  topLosses: ScoredImage[];
  /** Images that could not be decoded (not counted in n). */
  failed: SkippedFile[];
  backend: string;
  ms: number;
  created: string;
}

export interface EvaluationSpec {
  data: string;
  /** Model id or folder; default the active model. */
  model?: string;
  /** For a Kermany root: which official split ('all' = every image). Default: test when present, else all. */
  split?: OfficialSplit | 'all';
  /** Write report.json and report.html here. */
  reportDir?: string;
  topK?: number;
  /**
   * Evaluate on the validation part of the patient-level split that training makes for `data` with
   * these settings: the images a run validated on (its TrainingResult.options), so models can be
   * compared on the same images. Overrides `split`.
   */
  validationSplit?: { valFraction: number; seed: number };
}
