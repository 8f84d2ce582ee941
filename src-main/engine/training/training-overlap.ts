// Whether an evaluation reads the images a model was trained on. A model trained in Alveo records
// its dataset's root, seed and validation share, so the same split can be made again and the
// evaluated images counted against it: in-sample figures must not pass for a held-out test.
import { resolve } from 'node:path';
import type { ModelCard } from '../../api/model-card';
import type { DatasetItem } from './dataset-item';
import type { Dataset } from './import-dataset';
import { trainingSplit } from './training-split';

/** A warning when evaluated images were this model's training (or validation) images; null otherwise. */
export function trainingOverlapWarning(card: ModelCard, ds: Dataset, evaluated: DatasetItem[]): string | null {
  const t = card.training;
  if (!t || resolve(t.dataset.root) !== resolve(ds.summary.root)) return null;
  const sets = trainingSplit(ds, t.options.valFraction, t.options.seed);
  const train = new Set(sets.train.map((it) => it.file));
  const val = new Set(sets.val.map((it) => it.file));
  const inTrain = evaluated.filter((it) => train.has(it.file)).length;
  const inVal = evaluated.filter((it) => val.has(it.file)).length;
  if (!inTrain && !inVal) return null;
  const parts = [inTrain ? `${inTrain} were its training images` : '', inVal ? `${inVal} its validation images (they chose its epoch and threshold)` : ''].filter(Boolean);
  return `this folder is the one the model was trained on: of these ${evaluated.length} images, ${parts.join(' and ')}; the figures are in-sample and optimistic`;
}
