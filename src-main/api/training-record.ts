// How a model was trained: the options of a run, its per-epoch history, and the record a trained
// model's card keeps (model-card.ts). Plain data only.
import type { DatasetSummary, SplitSummary } from './datasets';
import type { ModelMetrics } from './evaluation';

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

/**
 * The model a new one was measured against on the run's own validation images (its parent, or from
 * scratch the model active then), both at their own thresholds: the training report's comparison,
 * kept so the model manager can judge the model the same way later.
 */
export interface ComparisonRecord {
  role: 'parent' | 'active';
  modelId: string;
  name: string;
  inputSize: number;
  /** The compared model's figures. */
  metrics: ModelMetrics;
  /** The new model's figures in the same evaluation. */
  newMetrics: ModelMetrics;
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
  /** Set once the finished run was compared (absent when that evaluation failed or was cancelled). */
  comparedWith?: ComparisonRecord;
  ms: number;
}
