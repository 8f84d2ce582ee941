// Evaluates a stored model on a labelled dataset: predictions with the inference preprocessing,
// metrics at the model's own threshold, ROC, PR-AUC, calibration, and the highest-loss images.
// One copy of byte-identical files counts, as for calibration and training; an image filed under
// both labels has no ground truth and does not count; every file left out is listed as failed or
// skipped with why; a metric the data leaves undefined is NaN (JSON null). Images the app holds
// back count too, and are listed with the figures on the rest beside.
import type { EvaluationReport, EvaluationSpec, OfficialSplit, ScoredImage } from '../../api/training';
import type { UndefinedMetric } from '../../api/evaluation';
import { AlveoError } from '../../api/errors';
import type { LoadedModel } from '../model/load-model';
import type { Tf } from '../model/tf-backend';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import type { SitePolicy } from '../../api/site-policy';
import { labelName, type DatasetItem } from './dataset-item';
import { countByClass, importDataset, NO_PATIENT_ID, type Dataset } from './import-dataset';
import { PATIENTS_CSV } from './patients-csv';
import { evaluationIntervals } from './evaluation-intervals';
import { leftOutFiles, splitDecodeFailures } from './evaluation-left-out';
import { calibration, metricsAt, npvOf, rocPoints, undefinedMetrics } from './metrics';
import { logLoss } from './predict-probabilities';
import { evaluationPredictions } from './evaluate-predictions';
import { answeredFigures, conflictWarning, dedupePart, heldBackImages, heldBackWarning, type DedupedPart } from './evaluate-subsets';
import { trainingOverlapWarnings } from './training-overlap';
import { readFittedImages } from '../model/fitted-images';
import { modelWeightsSha256 } from '../model/model-weights-hash';
import { temperatureOf } from '../model/temperature';
import { engineVersion } from '../engine-version';
import { trainingSplit } from './training-split';

export interface EvaluateEnv {
  backend: string;
  signal?: AbortSignal;
  progress?: (done: number, total: number) => void;
  batchSize?: number;
  /** Serve the predictions from this runtime (ONNX Runtime for a stored model) instead of loaded.model. */
  runtime?: InferenceRuntime;
  /** The site's policy (settings.json), as the app's answers use it; default: hold back DICOMs without a usable age. */
  policy?: SitePolicy;
}

/** The images an evaluation counts, the extra copies left out, and the images filed under both labels. */
export interface EvaluationItems extends DedupedPart {
  split: string;
}

/**
 * The images an evaluation uses. A Kermany root: its test folder when it has one (the held-out
 * split), else all of it; `split` picks another ('all' = every image). Other layouts: all images.
 * Extra byte-identical copies and images filed under both labels are left out (dedupePart).
 */
export function evaluationItems(ds: Dataset, split: EvaluationSpec['split']): EvaluationItems {
  const part = (items: DatasetItem[], name: string): EvaluationItems => ({ ...dedupePart(items), split: name });
  const all = ds.items;
  if (ds.summary.layout !== 'kermany') {
    if (split && split !== 'all') throw new AlveoError('BAD_ARGUMENT', `--split ${split} needs a Kermany root (train/val/test folders)`, ds.summary.root);
    return part(all, 'all');
  }
  const has = (s: OfficialSplit) => all.some((it) => it.officialSplit === s);
  const chosen = split ?? (has('test') ? 'test' : 'all');
  if (chosen === 'all') return part(all, 'all');
  if (!has(chosen)) throw new AlveoError('BAD_ARGUMENT', `the dataset has no '${chosen}' folder`, ds.summary.root);
  return part(all.filter((it) => it.officialSplit === chosen), chosen);
}

/** The validation images of the patient-level split a training run makes with these settings. */
export function validationItems(ds: Dataset, v: { valFraction: number; seed: number }): EvaluationItems {
  // The split already leaves out the excluded copies.
  const sets = trainingSplit(ds, v.valFraction, v.seed);
  return { items: sets.val, split: `training validation (${sets.summary.rule})`, duplicates: [], conflicts: [] };
}

export async function evaluateModel(tf: Tf, loaded: LoadedModel, spec: EvaluationSpec, env: EvaluateEnv): Promise<EvaluationReport> {
  const t0 = Date.now();
  const ds = await importDataset(spec.data, { signal: env.signal });
  const { items, split, duplicates, conflicts } = spec.validationSplit ? validationItems(ds, spec.validationSplit) : evaluationItems(ds, spec.split);
  if (items.length === 0) throw new AlveoError('BAD_ARGUMENT', 'no images to evaluate', spec.data);
  const card = loaded.card;
  // The card's test-time views and temperature apply here too (the runtime wrappers do it for both engines).
  const preds = await evaluationPredictions(tf, loaded, items, {
    runtime: env.runtime,
    policy: env.policy,
    batchSize: env.batchSize,
    signal: env.signal,
    onDone: (done) => env.progress?.(done, items.length),
  });
  if (env.signal?.aborted) throw new AlveoError('CANCELLED', 'evaluation cancelled');
  if (preds.probs.length === 0) throw new AlveoError('BAD_ARGUMENT', `none of the ${items.length} images could be decoded`, spec.data);
  const threshold = card.threshold.value;
  const m = metricsAt(preds.probs, preds.labels, threshold);
  const undef = undefinedMetrics(m.confusion);
  for (const u of undef) if (u.metric !== 'npv') m[u.metric] = NaN;
  const npv = undef.some((u) => u.metric === 'npv') ? NaN : npvOf(m.confusion);
  const dicoms = new Set(items.filter((it) => it.format === 'dicom').map((it) => it.file));
  const decode = await splitDecodeFailures(preds.failed, (f) => dicoms.has(f));
  const left = await leftOutFiles(ds, split);
  const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  const failed = [...left.failed, ...decode.failed].sort(byFile);
  const skipped = [...left.skipped, ...decode.skipped].sort(byFile);
  const warnings = [...undefinedWarnings(m.confusion, undef)];
  // Not for the training run's own comparison (validationSplit), which reads its validation images on purpose.
  const overlap = spec.validationSplit ? [] : trainingOverlapWarnings(card, ds, items, await readFittedImages(loaded.entry.dir));
  warnings.push(...overlap);
  if (conflicts.length) warnings.push(conflictWarning(conflicts.length));
  // The intervals resample patients: a file with no patient ID counts as a patient of its own.
  const unnamed = items.filter((it) => it.patientSource === 'file').length;
  if (unnamed) {
    warnings.push(
      `${unnamed} of these ${items.length} images ${unnamed === 1 ? 'has' : 'have'} ${NO_PATIENT_ID}: the 95% intervals resample each as a patient of its own and are too narrow if a patient has several images; add ${PATIENTS_CSV} (file,patient) to the folder to name them`,
    );
  }
  const held = heldBackImages(preds);
  if (held.length) warnings.push(heldBackWarning(held.length, preds.files.length));
  if (failed.length) warnings.push(`${count(failed.length, 'labelled file')} could not be read or decoded and ${failed.length === 1 ? 'is' : 'are'} not counted in n`);
  if (left.notListed) warnings.push(`${count(left.notListed, 'more file')} left out by the import ${left.notListed === 1 ? 'is' : 'are'} not listed (its list is capped)`);
  const scored: ScoredImage[] = preds.files.map((file, i) => ({
    file,
    label: labelName(preds.labels[i] as 0 | 1),
    probability: preds.probs[i],
    loss: logLoss(preds.probs[i], preds.labels[i]),
  }));
  scored.sort((a, b) => b.loss - a.loss);
  const patientOf = new Map(items.map((it) => [it.file, it.patientId]));
  const answered = held.length ? answeredFigures(preds, threshold, (f) => patientOf.get(f) ?? f) : null;
  const intervals = evaluationIntervals(preds.probs, preds.labels, preds.files.map((f) => patientOf.get(f) ?? f), threshold, undef);
  if (intervals.smallSample) warnings.push(intervals.smallSample);
  return {
    ...m,
    npv,
    threshold,
    thresholdRule: card.threshold.rule,
    // Named by its weights too: the id alone (`default`) has named several weight sets.
    // With the weights, the temperature and the views fix each image's score (review 30 F5).
    model: {
      id: loaded.entry.id,
      name: card.name,
      inputSize: card.inputSize,
      dir: loaded.entry.dir,
      sha256: await modelWeightsSha256(loaded.entry.dir),
      temperature: temperatureOf(card),
      views: card.testTimeAugmentation?.views.length ?? 1,
    },
    alveo: engineVersion(),
    ...(overlap.length ? { overlap } : {}),
    dataset: {
      root: ds.summary.root,
      layout: ds.summary.layout,
      split,
      images: countByClass(preds.labels.length ? Array.from(preds.labels, (l) => ({ label: l as 0 | 1 })) : []),
      duplicates: duplicates.length,
      skipped: skipped.length + left.notListed,
    },
    // No ROC curve without both classes (it would be a flat line at 0).
    roc: undef.some((u) => u.metric === 'auc') ? [] : rocPoints(preds.probs, preds.labels),
    calibration: calibration(preds.probs, preds.labels),
    topLosses: scored.slice(0, spec.topK ?? 12),
    failed,
    skipped,
    ...(left.notListed ? { notListed: left.notListed } : {}),
    intervals,
    ...(conflicts.length ? { conflicts } : {}),
    heldBack: held,
    ...(answered ? { answered } : {}),
    ...(undef.length ? { undefinedMetrics: undef } : {}),
    ...(warnings.length ? { warnings } : {}),
    scores: preds.files.map((file, i) => ({ file, label: preds.labels[i] as 0 | 1, probability: preds.probs[i], patient: patientOf.get(file) ?? file })),
    backend: env.backend,
    ms: Date.now() - t0,
    created: new Date().toISOString(),
  };
}

const METRIC_NAMES: Record<UndefinedMetric['metric'], string> = {
  sensitivity: 'sensitivity',
  specificity: 'specificity',
  precision: 'precision (PPV)',
  npv: 'NPV',
  f1: 'F1',
  auc: 'ROC-AUC',
  prAuc: 'PR-AUC',
};

function count(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

function list(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** One line saying which metrics are undefined and why, e.g. 'only NORMAL images (no PNEUMONIA): ...'. */
function undefinedWarnings(c: { tp: number; fp: number; tn: number; fn: number }, undef: UndefinedMetric[]): string[] {
  if (!undef.length) return [];
  const causes: string[] = [];
  if (c.tp + c.fn === 0) causes.push('only NORMAL images (no PNEUMONIA)');
  if (c.tn + c.fp === 0) causes.push('only PNEUMONIA images (no NORMAL)');
  if (c.tp + c.fp === 0) causes.push('no image called PNEUMONIA at the threshold');
  if (c.tn + c.fn === 0) causes.push('no image called NORMAL at the threshold');
  const names = undef.map((u) => METRIC_NAMES[u.metric]);
  return [`${causes.join('; ')}: ${list(names)} ${names.length === 1 ? 'is' : 'are'} undefined (n/a)`];
}
