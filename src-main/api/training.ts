// Training a new model version (the 'train' job): its spec, the progress it reports, and its result,
// which includes the new model measured against the one it was compared with on the same
// validation images. Plain data only (no tensors, no class instances).
import type { DatasetSummary, SkippedFile, SplitSummary } from './datasets';
import type { EvaluationReport, EvaluationSpec } from './evaluation';
import type { ModelCard } from './model-card';
import type { CancelChoice, JobRef } from './shared';
import type { EpochRecord, TrainingOptions } from './training-record';

// The names this file held before the split, so `import type { X } from './training'` keeps working.
export type { ClassCounts, DatasetLayout, DatasetSummary, OfficialSplit, SkippedFile, SplitPart, SplitSummary } from './datasets';
export type { CalibrationBin, EvaluationReport, EvaluationSpec, RocPoint, ScoredImage } from './evaluation';
export type { AugmentOptions, EpochRecord, ThresholdRule, TrainingOptions, TrainingRecord } from './training-record';

export interface TrainingSpec {
  /** Dataset folder: class folders, a Kermany root or an RSNA root. */
  data: string;
  /** Starting point: a model id or folder, 'active' (the active model) or 'scratch'. Default 'active' when one exists, else 'scratch'. */
  base?: string;
  /** Name of the new model (its id is derived from it). */
  name?: string;
  options?: Partial<TrainingOptions>;
  /** On cancel: 'discard' (default) drops the run; 'keep' saves the best checkpoint so far as a model. cancelJob's choice overrides it. */
  onCancel?: CancelChoice;
}

/** Which model a comparison row is: the new one, its parent, or (from scratch) the active model. */
export type ComparedRole = 'new' | 'parent' | 'active';

/** The models being compared, and how far the evaluation of one of them has come. */
export interface ComparisonProgress {
  models: Array<{ role: ComparedRole; modelId: string; name: string }>;
  /** Index in `models` of the model being evaluated now. */
  index: number;
  done: number;
  total: number;
}

/** Carried in job:progress events of a training job (the `training` field). */
export interface TrainingProgress {
  stage: 'importing' | 'training' | 'validating' | 'saving' | 'comparing';
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean training loss of the epoch so far. */
  loss: number | null;
  learningRate: number;
  imagesPerSecond: number | null;
  etaMs: number | null;
  /** Set on the event that closes an epoch. */
  epochEnd?: EpochRecord;
  /** Set while stage is 'comparing'. */
  comparing?: ComparisonProgress;
  backend: string;
}

/** One model measured on the run's validation images (the same images for every row). */
export interface ComparedModel {
  role: ComparedRole;
  modelId: string;
  name: string;
  report: EvaluationReport | null;
  /** Why it could not be measured, in plain words; null when `report` is set. */
  error: string | null;
}

export interface TrainingResult {
  /** Null when cancelled and discarded. */
  modelId: string | null;
  card: ModelCard | null;
  cancelled: boolean;
  stoppedEarly: boolean;
  backend: string;
  dataset: DatasetSummary;
  split: SplitSummary;
  options: TrainingOptions;
  history: EpochRecord[];
  /** Images that failed to decode during training (and were left out). */
  failedImages: SkippedFile[];
  /**
   * The new model, then its parent (or, from scratch, the model active when the run ended), each
   * evaluated on the run's validation images. Empty when no model was saved or the run was cancelled.
   */
  comparison: ComparedModel[];
  ms: number;
}

/** The training run under way in this engine (one at a time), for a page that reloads to take it up again. */
export interface RunningTraining {
  jobId: string;
  /** ms since the epoch. */
  startedAt: number;
  spec: TrainingSpec;
  /** The epochs finished so far. */
  history: EpochRecord[];
  /** Its latest progress (stage, epoch, batch, ETA), so a page that takes it up shows where it is at once. */
  latest?: { done: number; total: number; etaMs: number | null; imagesPerSecond?: number; message?: string; training: TrainingProgress };
}

/** Methods the engine adds for training and evaluation (see training-api.ts). */
export interface TrainingApi {
  /** Imports (lists, hashes, labels) a dataset folder and summarises it; nothing is decoded. */
  inspectDataset(dir: string): Promise<DatasetSummary>;
  /** Trains as a 'train' job: progress in job:progress (`training` field), a TrainingResult in job:end (also when cancelled). */
  startTraining(spec: TrainingSpec): Promise<JobRef>;
  /** The run under way, if any: a second startTraining is refused while it lasts. */
  runningTraining(): Promise<RunningTraining | null>;
  /** Evaluates a model on a dataset as an 'evaluate' job; job:end carries an EvaluationReport. */
  startEvaluation(spec: EvaluationSpec): Promise<JobRef>;
  /** The default training options for a starting point (model id, 'active' or 'scratch'). */
  defaultTrainingOptions(base?: string): Promise<TrainingOptions>;
}
