// Site calibration and fast adaptation: what the calibrate / adapt jobs take, report and store in
// the new model's card. Plain data only; patient identifiers never leave the engine.
import type { ClassCounts } from './datasets';
import type { Interval, RocPoint } from './evaluation';
import type { JobRef } from './shared';

export interface CalibrationSpec {
  /** Labelled site images: NORMAL/ and PNEUMONIA/ folders (or a Kermany root). */
  data: string;
  /** Model id or folder; default the active model. */
  model?: string;
  /** Sensitivity the new threshold must reach on the site's images (default 0.95). */
  sensitivity?: number;
  /** Name of the new model (its id is derived from it). */
  name?: string;
}

export interface AdaptSpec {
  data: string;
  model?: string;
  sensitivity?: number;
  name?: string;
  /** Passes over the cached views of the site's training images (default 5); early stopping may end sooner. */
  epochs?: number;
  /** Augmented views per training image (default chosen by measurement, see adapt-options.ts). */
  views?: number;
  /** Which top of the network trains: 'layer4.1' (last block) or 'layer4' (both last blocks). */
  trainBlocks?: AdaptBlocks;
  seed?: number;
}

export type AdaptBlocks = 'layer4.1' | 'layer4';

export type { Interval } from './evaluation';

/** A model's figures on one set of site images at one threshold. */
export interface SiteFigures {
  threshold: number;
  temperature: number;
  n: number;
  sensitivity: Interval;
  specificity: Interval;
  auc: number;
  /** Mean binary cross-entropy of the probabilities (lower is better calibrated). */
  logLoss: number;
  /** Expected calibration error over 10 bins. */
  ece: number;
  confusion: { tp: number; fp: number; tn: number; fn: number };
  roc: RocPoint[];
}

/** Stored in the card of a calibrated or adapted model; inference applies `temperature`. */
export interface SiteCalibration {
  /** Probabilities are sigmoid(logit / temperature). */
  temperature: number;
  targetSensitivity: number;
  method: 'calibrate' | 'adapt';
  /** The site's images these figures were measured on (folder and counts). */
  site: { root: string; images: ClassCounts; patients: ClassCounts; skipped: number };
  /** Which images the temperature and threshold were fitted on, in words. */
  fittedOn: string;
  /** The parent at its own threshold and temperature, and the new model, on those same images. */
  before: SiteFigures;
  after: SiteFigures;
  /** Plain-words caveats (in-sample threshold, too few images to tell the models apart...). */
  notes: string[];
  /** The model scored every PNEUMONIA image above every NORMAL one here: the fit is not informative (absent in older cards). */
  separated?: boolean;
  bootstrap: { replicates: number; unit: 'patient'; seed: number };
}

/** Stored in the card of an adapted model: what trained and how. */
export interface AdaptationRecord {
  trainBlocks: AdaptBlocks;
  views: number;
  epochs: number;
  /** Seed of the patient split and the augmentation (absent in cards made before it was recorded). */
  seed?: number;
  bestEpoch: number;
  stoppedEarly: boolean;
  learningRate: number;
  classWeights: [number, number];
  split: { rule: string; train: ClassCounts; val: ClassCounts; trainPatients: number; valPatients: number };
  history: AdaptEpoch[];
  /** Where the frozen activations came from, e.g. 'tfjs wasm (simd, 2 threads)'. */
  featureEngine: string;
  ms: { features: number; training: number; total: number };
}

export interface AdaptEpoch {
  epoch: number;
  trainLoss: number;
  valLoss: number;
  valAuc: number;
  best: boolean;
  ms: number;
}

/** Carried in job:progress events of calibrate and adapt jobs (the `adapt` field). */
export interface AdaptProgress {
  stage: 'importing' | 'features' | 'training' | 'calibrating' | 'saving';
  epoch: number;
  epochs: number;
  /** Set on the event that closes an epoch. */
  epochEnd?: AdaptEpoch;
}

export interface CalibrationResult {
  modelId: string;
  parent: string;
  calibration: SiteCalibration;
  /** Images that could not be decoded (left out). */
  failed: Array<{ file: string; reason: string }>;
  ms: number;
  /**
   * Set when an installed model already holds this very calibration (same parent and weights, same
   * site images, same fit): nothing new was saved and `modelId` names that model.
   */
  reused?: boolean;
}

export interface AdaptResult extends CalibrationResult {
  adaptation: AdaptationRecord;
}

/** Methods the engine adds for site calibration and adaptation (engine-adaptation.ts). */
export interface AdaptationApi {
  /** Starts a 'calibrate' job (seconds): job:end carries a CalibrationResult; nothing is saved when cancelled. */
  startCalibration(spec: CalibrationSpec): Promise<JobRef>;
  /** Starts an 'adapt' job (minutes): progress with stage, epoch and ETA; job:end carries an AdaptResult. */
  startAdaptation(spec: AdaptSpec): Promise<JobRef>;
}
