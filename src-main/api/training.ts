// Training and evaluation: datasets, options, progress and reports as they cross the API.
// Plain data only (no tensors, no class instances); patient identifiers never leave the engine.
import type { JobRef, Label } from './contract';
import type { ModelCard, ModelMetrics } from './model-card';

export type DatasetLayout = 'class-folders' | 'kermany' | 'rsna';
export type OfficialSplit = 'train' | 'val' | 'test';

export interface ClassCounts {
  NORMAL: number;
  PNEUMONIA: number;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

/** What importing a folder found (counts only: no patient identifiers). */
export interface DatasetSummary {
  root: string;
  layout: DatasetLayout;
  /** Usable images (byte-identical copies counted once). */
  images: ClassCounts;
  patients: ClassCounts;
  /** How patients were identified, e.g. { 'kermany-name': 5216 } or { dicom: 120, file: 3 }. */
  patientSources: Record<string, number>;
  /** Per official split folder (Kermany layout), images per class. */
  officialSplits?: Partial<Record<OfficialSplit, ClassCounts>>;
  skipped: { total: number; byReason: Record<string, number>; files: SkippedFile[] };
  duplicates: {
    /** Groups of byte-identical files (sha256). */
    groups: number;
    /** Extra copies not used for training (one copy is kept, preferring one that names its patient). */
    removed: number;
    /** Groups whose copies carry different labels: every copy is left out of training. */
    conflicting: number;
    examples: Array<{ files: string[]; labels: Label[] }>;
  };
  /** ratio: majority / minority images; null when a class has none. */
  imbalance: { positiveFraction: number; majority: Label; ratio: number | null };
  notes: string[];
}

export interface SplitPart {
  images: ClassCounts;
  patients: ClassCounts;
}

export interface SplitSummary {
  seed: number;
  rule: string;
  train: SplitPart;
  val: SplitPart;
  /** Held out (e.g. Kermany's official test folder): never used in training or threshold choice. */
  heldOut?: SplitPart;
  notes: string[];
}

export interface AugmentOptions {
  /** Max rotation in degrees (each way). */
  rotationDeg: number;
  /** Max shift as a fraction of the side (each way). */
  shift: number;
  /** Max zoom change, e.g. 0.1 = 0.9x to 1.1x. */
  zoom: number;
  /** Max brightness change in [0, 1] pixel units (each way). */
  brightness: number;
  /** Max contrast change, e.g. 0.1 = 0.9x to 1.1x around the image mean. */
  contrast: number;
  /** Off by default: chest anatomy is not left-right symmetric. */
  horizontalFlip: boolean;
}

export type ThresholdRule = 'sensitivity-0.95' | 'youden';

export interface TrainingOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  inputSize: number;
  /** null: no augmentation. */
  augment: AugmentOptions | null;
  /** Loss weight n / (2 n_c) per class. */
  classWeights: boolean;
  /** Epochs training only the head (fc) with the base frozen; then all layers at lr * fineTuneLrFactor. Only when starting from a trained model. */
  freezeEpochs: number;
  fineTuneLrFactor: number;
  /** Stop after this many epochs without a lower validation loss (0: never). */
  earlyStoppingPatience: number;
  /** Multiply the learning rate by lrFactor after this many epochs without improvement (0: never). */
  reduceLrPatience: number;
  lrFactor: number;
  minLearningRate: number;
  weightDecay: number;
  labelSmoothing: number;
  valFraction: number;
  seed: number;
  thresholdRule: ThresholdRule;
  /** Stop after this many training batches per epoch (tests, quick trials); 0: all. */
  maxBatchesPerEpoch: number;
}

export interface TrainingSpec {
  /** Dataset folder: class folders, a Kermany root or an RSNA root. */
  data: string;
  /** Starting point: a model id or folder, 'active' (the active model) or 'scratch'. Default 'active' when one exists, else 'scratch'. */
  base?: string;
  /** Name of the new model (its id is derived from it). */
  name?: string;
  options?: Partial<TrainingOptions>;
  /** On cancel: 'discard' (default) drops the run; 'keep' saves the best checkpoint so far as a model. */
  onCancel?: 'discard' | 'keep';
}

export interface EpochRecord {
  epoch: number;
  phase: 'head' | 'full';
  trainLoss: number;
  valLoss: number;
  valAuc: number;
  valAccuracy: number;
  valSensitivity: number;
  valSpecificity: number;
  learningRate: number;
  imagesPerSecond: number;
  best: boolean;
  ms: number;
}

/** Carried in job:progress events of a training job (the `training` field). */
export interface TrainingProgress {
  stage: 'importing' | 'training' | 'validating' | 'saving';
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
  backend: string;
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
  ms: number;
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

/** Methods the engine adds for training and evaluation (see training-api.ts). */
export interface TrainingApi {
  /** Imports (lists, hashes, labels) a dataset folder and summarises it; nothing is decoded. */
  inspectDataset(dir: string): Promise<DatasetSummary>;
  /** Trains in a worker thread; progress in job:progress events (`training` field); job:done carries a TrainingResult. */
  startTraining(spec: TrainingSpec): Promise<JobRef>;
  /** Evaluates a model on a dataset as a job; job:done carries an EvaluationReport. */
  startEvaluation(spec: EvaluationSpec): Promise<JobRef>;
  /** The default training options for a starting point (model id, 'active' or 'scratch'). */
  defaultTrainingOptions(base?: string): Promise<TrainingOptions>;
}

/** Stored in a trained model's card. */
export interface TrainingRecord {
  backend: string;
  dataset: Omit<DatasetSummary, 'skipped' | 'duplicates'> & { skipped: number; duplicatesRemoved: number };
  split: SplitSummary;
  options: TrainingOptions;
  history: EpochRecord[];
  stoppedEarly: boolean;
  /** Set when the run was cancelled and this is its best checkpoint so far. */
  checkpointOfCancelledRun?: boolean;
  ms: number;
}
