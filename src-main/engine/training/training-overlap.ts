// Whether an evaluation reads the images a model was fitted on: trained in Alveo (card.training),
// or calibrated / adapted to a site (card.calibration.site). In-sample figures must not pass for a
// held-out test. Folders are compared by real path (a symlink to the same folder is the same
// folder), and a folder inside or around the fitted one counts for the images they share.
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { ModelCard } from '../../api/model-card';
import { fittedCounts, type FittedImages, type FittedKind } from '../model/fitted-images';
import type { DatasetItem } from './dataset-item';
import type { Dataset } from './import-dataset';
import { trainingSplit } from './training-split';

/** The real path; the resolved one when the path no longer exists. */
function real(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

const within = (dir: string, path: string) => {
  const r = relative(dir, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
};

/**
 * Warnings when evaluated images were images this model was fitted on; none otherwise. With the
 * model's fitted-images record the images are recognised by content (copies, links, an exported
 * model) or, where the record lists names, by file name, and counted exactly; without one (older
 * models), by the folders on its card.
 */
export function trainingOverlapWarnings(card: ModelCard, ds: Dataset, evaluated: DatasetItem[], fitted: FittedImages | null = null): string[] {
  if (fitted) {
    const w = fittedWarning(card, fitted, evaluated);
    // An ancestor made before these records knows its folders only: still checked by path.
    return [...new Set([...(w ? [w] : []), ...ancestorFolderWarnings(card, ds, evaluated)])];
  }
  const root = real(ds.summary.root);
  // Each evaluated file's path under the folder's real path (the files may be links elsewhere).
  const realFiles = evaluated.map((it) => join(root, relative(ds.summary.root, it.file)));
  const out: string[] = [];
  const t = card.training;
  if (t) {
    const fitted = real(t.dataset.root);
    if (fitted === root) out.push(sameTrainingFolder(card, ds, evaluated));
    else {
      const w = folderOverlap(root, fitted, realFiles, 'trained', 'its training or validation images');
      if (w) out.push(w);
    }
  }
  const site = card.calibration?.site;
  if (site) {
    const what =
      card.calibration?.method === 'adapt'
        ? 'its site images (its layer weights, temperature and threshold were fitted on them)'
        : 'its site images (its temperature and threshold were fitted on them)';
    const w = folderOverlap(root, real(site.root), realFiles, card.calibration?.method === 'adapt' ? 'adapted to' : 'calibrated on', what);
    if (w) out.push(w);
  }
  out.push(...ancestorFolderWarnings(card, ds, evaluated));
  return [...new Set(out.filter(Boolean))];
}

/** Folders an ancestor was fitted on (this model has or grew from those weights), by path. */
function ancestorFolderWarnings(card: ModelCard, ds: Dataset, evaluated: DatasetItem[]): string[] {
  const root = real(ds.summary.root);
  const realFiles = evaluated.map((it) => join(root, relative(ds.summary.root, it.file)));
  const out: string[] = [];
  for (const folder of card.ancestorFolders ?? []) {
    const w = folderOverlap(root, real(folder), realFiles, 'derived from a model fitted on', 'images an ancestor of this model (its parent, or further back) was trained, calibrated or adapted on');
    if (w) out.push(w);
  }
  return out;
}

/** The same folder a model was trained on: its split is made again and the images counted against it. */
function sameTrainingFolder(card: ModelCard, ds: Dataset, evaluated: DatasetItem[]): string {
  const t = card.training;
  if (!t) return '';
  const sets = trainingSplit(ds, t.options.valFraction, t.options.seed);
  const train = new Set(sets.train.map((it) => it.file));
  const val = new Set(sets.val.map((it) => it.file));
  const inTrain = evaluated.filter((it) => train.has(it.file)).length;
  const inVal = evaluated.filter((it) => val.has(it.file)).length;
  if (!inTrain && !inVal) return '';
  const parts = [inTrain ? `${inTrain} were its training images` : '', inVal ? `${inVal} its validation images (they chose its epoch and threshold)` : ''].filter(Boolean);
  return `this folder is the one the model was trained on: of these ${evaluated.length} images, ${parts.join(' and ')}; the figures are in-sample and optimistic`;
}

/** The evaluated folder is, is inside or contains the folder the model was fitted on. */
function folderOverlap(root: string, fitted: string, realFiles: string[], verb: string, what: string): string | null {
  const relation = root === fitted ? 'is the one' : within(fitted, root) ? 'is inside the folder' : within(root, fitted) ? 'contains the folder' : null;
  if (!relation) return null;
  const shared = realFiles.filter((f) => within(fitted, f)).length;
  if (!shared) return null;
  return `this folder ${relation} the model was ${verb} (${fitted}): of these ${realFiles.length} images, ${shared} ${shared === 1 ? 'is' : 'are'} in it: ${what}; the figures are in-sample and optimistic`;
}

/** One sentence counting, by kind, the evaluated images the model (or one it grew from) was fitted on. */
function fittedWarning(card: ModelCard, fitted: FittedImages, evaluated: DatasetItem[]): string | null {
  const { matches, byContent, byName } = fittedCounts(fitted, evaluated);
  if (!matches.length) return null;
  const site = card.calibration?.method === 'adapt' ? 'its layer weights, temperature and threshold' : 'its temperature and threshold';
  const what: Record<FittedKind, (n: number, role?: string) => string> = {
    training: (n) => `${n} ${n === 1 ? 'was an image' : 'were images'} it was trained on`,
    validation: (n, role) => `${n} ${n === 1 ? 'was one' : 'were'} of its validation images (${role ?? 'they chose its epoch and threshold'})`,
    fitted: (n) => `${n} ${n === 1 ? 'was' : 'were'} among the images it was trained or validated on`,
    site: (n) => `${n} ${n === 1 ? 'was one' : 'were'} of its site images (${site} were fitted on them)`,
    ancestor: (n) => `${n} ${n === 1 ? 'was an image' : 'were images'} a model it grew from (its parent, or further back) was trained, calibrated or adapted on`,
  };
  const order: FittedKind[] = ['training', 'validation', 'fitted', 'site', 'ancestor'];
  const parts = order.flatMap((k) => matches.filter((m) => m.kind === k).map((m) => what[k](m.n, m.role)));
  // Say only what matched: a name alone does not catch a renamed copy.
  const how = byContent && byName ? 'by content or file name, wherever they are kept' : byContent ? 'by content, wherever they are kept' : 'by file name, wherever they are kept; a renamed copy would not be';
  return `this model was fitted on some of these images: of these ${evaluated.length} images, ${parts.join('; ')} (recognised ${how}); the figures are in-sample and optimistic`;
}
