// The model card: everything a user (and the guardrails) need to know about a stored model.
import type { AdaptationRecord, SiteCalibration } from './adaptation';
import type { ModelMetrics } from './evaluation';
import type { EvaluationRecord } from './evaluation-record';
import type { TrainingRecord } from './training-record';

export type { ModelMetrics } from './evaluation';

export interface ThresholdChoice {
  value: number;
  /** e.g. "max specificity with sensitivity >= 0.95 on validation" or "youden" or "untrained default 0.5" */
  rule: string;
}


export interface Preprocessing {
  /** How a study becomes the model input. */
  resize: 'squash';
  inputSize: number;
  channels: 3;
  /** Per-channel normalisation applied to values scaled to [0, 1]. */
  mean: [number, number, number];
  std: [number, number, number];
  source: string; // plain-words description
}

/**
 * Test-time augmentation: the model's answer is the mean logit over these views of the input (the
 * PyTorch recipe's TTA_VIEWS). Every served path runs them (prediction, scoring, evaluation,
 * calibration); the threshold is chosen on their averaged scores. Grad-CAM, the OOD features, LIME's
 * samples and adaptation read the first view, the image as is.
 */
export interface TestTimeAugmentation {
  /** [zoom, shiftX, shiftY]: torch affine_grid theta [[1/zoom, 0, shiftX], [0, 1/zoom, shiftY]]; shifts in half-widths. The first is [1, 0, 0]. */
  views: Array<[number, number, number]>;
  combine: 'mean-logit';
  /** The same model on one view, for comparison: its own threshold and validation AUCs. */
  oneView?: { threshold: number; auc: Record<string, number> };
}

export interface ModelCard {
  id: string;
  name: string;
  architecture: 'resnet18-gap-sigmoid';
  inputSize: number;
  preprocessing: Preprocessing;
  classes: ['NORMAL', 'PNEUMONIA'];
  trained: boolean;
  threshold: ThresholdChoice;
  trainingData: {
    description: string;
    credit?: string;
    licence?: string;
    images?: number;
    patients?: number;
  };
  population?: { ageYears?: [number, number]; views?: string[]; description: string };
  metrics?: { validation?: ModelMetrics; [split: string]: ModelMetrics | undefined };
  parent: string | null;
  /**
   * Folders the model's ancestors were trained, calibrated or adapted on (their images are in-sample
   * for this model too: it has or grew from their weights). Made by Alveo for the models it derives.
   */
  ancestorFolders?: string[];
  created: string;
  intendedUse: string;
  recipe?: string;
  notes?: string[];
  /** How Alveo's trainer made this model (dataset summary, split, options, per-epoch history). */
  training?: TrainingRecord;
  /** Site calibration (alveo calibrate / adapt): every inference path applies its temperature. */
  calibration?: SiteCalibration;
  /** Test-time augmentation the model is served with (absent: one view). */
  testTimeAugmentation?: TestTimeAugmentation;
  /** Fast adaptation (alveo adapt): which blocks trained, on what, how. */
  adaptation?: AdaptationRecord;
  /** Evaluations kept on the card, one per folder (the latest); independent or in-sample, each says. */
  evaluations?: EvaluationRecord[];
  /** Who made this model with Alveo, where, with which version, from which parent weights (absent on models made elsewhere). */
  provenance?: ModelProvenance;
}

/** Written by the model store when Alveo saves a model it made (training, calibration, adaptation, import). */
export interface ModelProvenance {
  /** The OS user who made it. */
  createdBy: string;
  host: string;
  /** Alveo's version. */
  alveo: string;
  /**
   * The sha256 of the parent's weights when it was made (the id 'default' has named several weight
   * sets over releases): what "parent" meant then, as DICOM results name a model.
   */
  parentWeightsSha256?: string;
}
