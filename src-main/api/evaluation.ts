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

/** A figure the data leaves undefined (e.g. sensitivity without PNEUMONIA images), and why. */
export interface UndefinedMetric {
  metric: 'sensitivity' | 'specificity' | 'precision' | 'npv' | 'f1' | 'auc' | 'prAuc';
  reason: string;
}

/** A proportion (or AUC) with its 95% interval (patient-level bootstrap). */
export interface Interval {
  value: number;
  low: number;
  high: number;
  /**
   * The patient bootstrap's own percentile interval, where the floor (EvaluationIntervals.floor)
   * made the interval wider; absent when the bootstrap's interval stands (and in older reports).
   */
  bootstrap?: { low: number; high: number };
}

/**
 * 95% intervals that respect patients (images of one patient are not independent): the percentile
 * interval of a bootstrap resampling whole patients, widened where narrower to a floor computed on
 * the effective number of patients (Wilson's for proportions, Newcombe's score interval for AUC),
 * because the bootstrap collapses to a point when every patient was right.
 */
export interface EvaluationIntervals {
  unit: 'patient';
  /** Distinct patients resampled (one per image where the files name none). */
  patients: number;
  /** Distinct patients with images of each class (absent in older reports). */
  patientsPerClass?: { NORMAL: number; PNEUMONIA: number };
  replicates: number;
  /** How the bootstrap interval is read off its replicates: the 2.5th and 97.5th percentiles (absent in older reports). */
  method?: 'percentile';
  /** The bootstrap's random seed: the same images and seed give the same intervals (absent in older reports). */
  seed?: number;
  /** The floor under each interval, in words (absent in older reports). */
  floor?: string;
  /** How the intervals were computed, in one sentence a report can print (absent in older reports). */
  description?: string;
  /** Set when a class has too few patients for the figures to be cited: what a report prints as a warning. */
  smallSample?: string;
  /** Absent where the figure itself is undefined. */
  sensitivity?: Interval;
  specificity?: Interval;
  /** Positive predictive value (precision) and negative predictive value: they depend on the folder's prevalence. */
  ppv?: Interval;
  npv?: Interval;
  auc?: Interval;
}

/** An evaluated image the app holds back (it carries intended-use warnings, see held-back.ts). */
export interface HeldBackImage {
  file: string;
  label: Label;
  probability: number;
  warnings: string[];
}

/**
 * The figures on the images the app would answer (none held back), beside those on all images. A
 * figure these images leave undefined is NaN (JSON null), as in the report itself.
 */
export interface AnsweredFigures {
  n: number;
  images: ClassCounts;
  sensitivity: number;
  specificity: number;
  auc: number;
  confusion: { tp: number; fp: number; tn: number; fn: number };
  intervals?: EvaluationIntervals;
}

/**
 * An evaluation's figures. A metric the data leaves undefined (see undefinedMetrics) is NaN here,
 * so null in JSON and 'n/a' (or '—') where shown, never a made-up 0 or 0.5.
 */
/** One image's score in an evaluation: what a paired comparison of two models (and a researcher) recomputes from. */
export interface EvaluatedScore {
  file: string;
  label: 0 | 1;
  probability: number;
  /** The patient the intervals resample by (the file itself when none is known). */
  patient: string;
}

/**
 * Model b against model a on the images both scored: differences b − a with 95% intervals from one
 * patient bootstrap drawn for both; sensitivity and specificity each at its model's own threshold.
 */
export interface PairedComparison {
  a: string;
  b: string;
  n: number;
  patients: number;
  replicates: number;
  auc: Interval;
  sensitivity: Interval;
  specificity: Interval;
  /** From the AUC difference's interval: above 0, below 0, or spanning it. */
  verdict: 'b-higher' | 'a-higher' | 'not-told-apart';
}

export interface EvaluationReport extends ModelMetrics {
  prAuc: number;
  /** Negative predictive value, TN / (TN + FN); NaN when no image was called NORMAL (absent in older reports). */
  npv?: number;
  threshold: number;
  thresholdRule: string;
  /**
   * `dir`: the folder it was loaded from (a kept evaluation goes only to that installed model).
   * `sha256`: of its weights, as its DICOM results and score CSVs name it (absent in older reports).
   * `temperature`: the site calibration's temperature its scores were served at (1: none), and
   * `views`: the test-time views averaged per image (1: the image as is). With the weights they
   * fix the score an image gets (both absent in older reports).
   */
  model: { id: string; name: string; inputSize: number; dir?: string; sha256?: string; temperature?: number; views?: number };
  /** Alveo's version that made the report (absent in older reports). */
  alveo?: string;
  /** The warnings that say the images overlap the model's training or site images (also in warnings). */
  overlap?: string[];
  dataset: { root: string; layout: DatasetLayout; split: string; images: ClassCounts; /** Extra byte-identical copies left out (one copy counts). */ duplicates: number; /** Files left out, not failed: skipped.length + notListed. */ skipped: number };
  roc: RocPoint[];
  calibration: { bins: CalibrationBin[]; ece: number };
  topLosses: ScoredImage[];
  /**
   * Labelled files that should have been images but could not be read or decoded (a truncated
   * JPEG, a GIF named .jpeg, an empty file, a broken link named like an image), with why; not
   * counted in n.
   */
  failed: SkippedFile[];
  /**
   * Files of the evaluated folders left out as harmless (text, PDF, hidden or system files, non-image
   * DICOMs, files outside the class folders), with why, as `alveo score` classifies them.
   */
  skipped?: SkippedFile[];
  /** Files the import left out but did not list (its list is capped): counted in dataset.skipped, not classified. */
  notListed?: number;
  /** The metrics the data leaves undefined (NaN above), with why; absent when all are defined. */
  undefinedMetrics?: UndefinedMetric[];
  /** 95% intervals of sensitivity, specificity, PPV, NPV and AUC (absent in reports written before they were). */
  intervals?: EvaluationIntervals;
  /**
   * Images filed under both labels (byte-identical copies under NORMAL and PNEUMONIA), each as the
   * paths of its copies: they have no ground truth and are not counted (absent when none).
   */
  conflicts?: string[][];
  /** The counted images the app holds back (intended-use warnings), with why; absent in older reports. */
  heldBack?: HeldBackImage[];
  /** The figures on the counted images the app would answer; present when some are held back. */
  answered?: AnsweredFigures;
  /** What a reader should know before trusting the figures (one class only, files left out). */
  warnings?: string[];
  /** Every counted image's score (absent in older reports): for paired comparisons and for recomputing the figures. */
  scores?: EvaluatedScore[];
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
