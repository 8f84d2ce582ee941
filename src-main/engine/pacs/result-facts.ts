// What a DICOM result says about one prediction: the numbers, the model that made them and how
// far to trust them. Filled by the caller from the prediction and the model card.
import type { Label, ReaderRead } from '../../api/contract';

export interface ResultFacts {
  probability: number;
  label: Label;
  threshold: number;
  /** How the threshold was chosen (the model card's rule). */
  thresholdRule: string;
  modelId: string;
  modelName: string;
  /** sha256 of the model's weights (model.json + weight files), hex. */
  weightsSha256: string;
  /**
   * A site-calibrated model's temperature (its probability is sigmoid(logit / T) of those weights);
   * absent when 1. The weights hash alone cannot tell a calibration from its parent: it copies them.
   */
  temperature?: number;
  /** The runtime that computed the result, e.g. "tfjs wasm". */
  engine: string;
  /** Every intended-use warning that fired for this image. */
  warnings: string[];
  /** What the site policy decided for it (e.g. an image without an age read as a child's); absent when nothing. */
  notes?: string[];
  /** Alveo's version (SoftwareVersions). */
  softwareVersion: string;
  /** The reader's own read of the image, when one was recorded in Alveo. */
  reader?: ReaderRead;
}

export const RESEARCH_NOTICE = 'Research use only, not for diagnosis. Alveo is not a medical device.';
export const BURNED_IN_NOTICE = 'AI research output, not for diagnosis';

/** Probabilities as percent with 2 decimals ("87.34"), the unit the SR uses. */
export function percent(p: number): string {
  return (Math.round(p * 10000) / 100).toFixed(2);
}

/** A warning in a few words, for a burned-in line: its first clause ("the patient is 64 years old"). */
export function shortWarning(warning: string): string {
  const clause = warning.split(/:|\s\(/)[0].trim().replace(/\.$/, '');
  const short = clause.length > 70 ? `${clause.slice(0, 69).trimEnd()}…` : clause;
  // "The patient..." reads as part of the list; an acronym ("CT scan...") keeps its capitals.
  return /^[A-Z][a-z]/.test(short) ? short[0].toLowerCase() + short.slice(1) : short;
}
