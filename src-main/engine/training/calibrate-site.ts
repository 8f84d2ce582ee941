// Calibrating a model to a site from logits: fit the temperature, set the threshold at the target
// sensitivity, and measure the parent (its own threshold and temperature) and the result on the
// same images. Pure: the calibrate and adapt jobs call it with logits they computed.
import type { SiteCalibration } from '../../api/adaptation';
import type { ClassCounts } from '../../api/training';
import type { ModelCard } from '../../api/model-card';
import { probabilitiesAt, temperatureOf } from '../model/temperature';
import { fitTemperature, T_MAX, T_MIN } from './calibrate-fit';
import { BOOTSTRAP_REPLICATES, BOOTSTRAP_SEED, formatInterval, overlaps, siteFigures } from './site-figures';
import { fewPatientsNote, patientsPerClass } from './small-sample';

export interface CalibrationInput {
  /** The parent's logits on the images (for "before"). */
  parentLogits: ArrayLike<number>;
  /** The new model's logits on the same images (the parent's own for a pure calibration). */
  logits: ArrayLike<number>;
  labels: ArrayLike<number>;
  patients: readonly string[];
  parent: ModelCard;
  /** The threshold "before" is measured at, when parentLogits are not how the parent is served (adaptation reads one view of a TTA model). */
  parentThreshold?: number;
  targetSensitivity: number;
  method: 'calibrate' | 'adapt';
  site: { root: string; images: ClassCounts; patients: ClassCounts; skipped: number };
  fittedOn: string;
  /** Everything these images chose when more than the temperature and threshold (an adaptation's epoch, its check's cut-off). */
  chosenHere?: string;
}

export function calibrateOnLogits(c: CalibrationInput): { calibration: SiteCalibration; thresholdRule: string } {
  const temperature = fitTemperature(c.logits, c.labels);
  const probs = probabilitiesAt(c.logits, temperature);
  const choice = { value: siteThreshold(probs, c.labels, c.targetSensitivity) };
  const before = siteFigures(c.parentLogits, c.labels, c.patients, c.parentThreshold ?? c.parent.threshold.value, temperatureOf(c.parent));
  const after = siteFigures(c.logits, c.labels, c.patients, choice.value, temperature);
  const notes: string[] = [
    c.chosenHere
      ? // The epoch was kept for its loss on these images too: the "after" AUC is in-sample as well.
        `${capitalised(c.chosenHere)} were all chosen on these same ${after.n} images: the "after" sensitivity, specificity and AUC are in-sample (optimistic); measure on images the ${c.method === 'adapt' ? 'adaptation' : 'calibration'} did not see to confirm them.`
      : `Temperature and threshold were fitted on these same ${after.n} images: the "after" sensitivity and specificity are in-sample (optimistic); measure on images the calibration did not see to confirm them.`,
  ];
  // The image minimum can be met by one patient's images (review 30 F1): said on the card.
  const few = fewPatientsNote(countImages(c.labels), patientsPerClass(c.labels, c.patients));
  if (few) notes.push(few);
  const separated = perfectlySeparated(c.logits, c.labels);
  notes.push(...fitWarnings(separated, temperature, c.method));
  const sameSens = overlaps(before.sensitivity, after.sensitivity);
  const sameSpec = overlaps(before.specificity, after.specificity);
  if (sameSens && sameSpec) {
    notes.push(
      `Too few images to tell the two apart: the 95% intervals overlap for sensitivity (${formatInterval(before.sensitivity)} before, ${formatInterval(after.sensitivity)} after) and specificity (${formatInterval(before.specificity)} before, ${formatInterval(after.specificity)} after).`,
    );
  } else if (sameSens || sameSpec) {
    const which = sameSens ? 'sensitivity' : 'specificity';
    notes.push(`The ${which} intervals before and after overlap: these images cannot tell the two models apart on ${which}.`);
  }
  const n = after.n;
  const thresholdRule =
    `site ${c.method === 'adapt' ? 'adaptation' : 'calibration'}: ${siteThresholdRule(c.targetSensitivity)}, on ${n} site images (${c.fittedOn}); ` +
    `sensitivity ${after.sensitivity.value.toFixed(3)}, specificity ${after.specificity.value.toFixed(3)} there; temperature ${temperature.toFixed(3)}`;
  return {
    thresholdRule,
    calibration: {
      temperature,
      targetSensitivity: c.targetSensitivity,
      method: c.method,
      site: c.site,
      fittedOn: c.fittedOn,
      before,
      after,
      notes,
      separated,
      bootstrap: { replicates: BOOTSTRAP_REPLICATES, unit: 'patient', seed: BOOTSTRAP_SEED },
    },
  };
}

/**
 * siteThreshold() in words, for the card's rule (and all that quotes it): the one place that text is
 * written. It keeps "sensitivity >= <target>", which the AI panel reads back.
 */
export function siteThresholdRule(target: number): string {
  return `the highest specificity with sensitivity >= ${target}; of the thresholds giving that specificity, the lowest (it catches every further pneumonia that costs no false positive), set midway to the next lower score`;
}

/**
 * The threshold at the target sensitivity: the highest specificity whose sensitivity is at least
 * the target, and among thresholds with that same specificity the lowest one (the most positives
 * caught). On a few dozen well-separated images "highest threshold reaching 95%" would give up the
 * lowest-scoring positive for nothing, and new images pay for it; this rule keeps every positive
 * that costs no extra false positive. The value sits midway to the next lower score.
 */
export function siteThreshold(probs: ArrayLike<number>, labels: ArrayLike<number>, target: number): number {
  const idx = Array.from({ length: probs.length }, (_, i) => i).sort((a, b) => probs[b] - probs[a]);
  let nPos = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) nPos++;
  // Distinct scores, descending, with positives / negatives at or above each.
  const pts: Array<{ score: number; tp: number; fp: number }> = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < idx.length; i++) {
    if (labels[idx[i]] === 1) tp++;
    else fp++;
    if (i + 1 === idx.length || probs[idx[i + 1]] !== probs[idx[i]]) pts.push({ score: probs[idx[i]], tp, fp });
  }
  if (nPos === 0 || nPos === labels.length) return 0.5;
  let k = pts.findIndex((p) => p.tp / nPos >= target);
  while (k + 1 < pts.length && pts[k + 1].fp === pts[k].fp) k++;
  const lower = k + 1 < pts.length ? pts[k + 1].score : 0;
  return (pts[k].score + lower) / 2;
}


function countImages(labels: ArrayLike<number>): { NORMAL: number; PNEUMONIA: number } {
  let p = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) p++;
  return { NORMAL: labels.length - p, PNEUMONIA: p };
}

/** True when every PNEUMONIA image scores above every NORMAL one (both classes present). */
export function perfectlySeparated(logits: ArrayLike<number>, labels: ArrayLike<number>): boolean {
  let lowestPositive = Infinity;
  let highestNegative = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    if (labels[i] === 1) lowestPositive = Math.min(lowestPositive, logits[i]);
    else highestNegative = Math.max(highestNegative, logits[i]);
  }
  return Number.isFinite(lowestPositive) && Number.isFinite(highestNegative) && lowestPositive > highestNegative;
}

/**
 * What the fit itself cannot tell: on images the model already separates perfectly, every threshold
 * between the two classes is as good, and the temperature is set by its bound and prior, not by the
 * data; a temperature at a bound is not an estimate either.
 */
function fitWarnings(separated: boolean, temperature: number, method: CalibrationInput['method']): string[] {
  const out: string[] = [];
  if (separated) {
    // After adaptation it is the adapted model (not its parent) that separates them: said so.
    const who = method === 'adapt' ? 'The adapted model separates these held-out images' : 'The model already separates these images';
    out.push(`${who} perfectly (every PNEUMONIA image scores above every NORMAL one): any threshold between them looks perfect here, and the temperature comes from Alveo’s limits and prior, not from the images. The calibration cannot be judged on them: check it on other labelled images, or calibrate on more (or harder) ones.`);
  }
  const atBound = Math.abs(temperature - T_MIN) < 1e-3 ? T_MIN : Math.abs(temperature - T_MAX) < 1e-3 ? T_MAX : null;
  if (atBound !== null) out.push(`The temperature stopped at its ${atBound === T_MIN ? 'lower' : 'upper'} limit (${atBound}): it is a bound, not an estimate.`);
  return out;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
