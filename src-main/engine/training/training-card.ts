// The card of a freshly trained model: parent, data summary, split, options, validation metrics at
// the threshold chosen on validation (with its rule), and the run's history. A fine-tune keeps its
// parent's population and intended use: it is still a model for those patients (and the guardrails
// that read the population keep warning outside it); from scratch nothing is known, so none is said.
import type { ModelEntry } from '../../api/contract';
import type { ModelCard, ModelMetrics } from '../../api/model-card';
import type { DatasetSummary, TrainingRecord } from '../../api/training';
import { withAncestorFolders } from '../model/ancestor-folders';
import { onTopOfParent } from '../model/on-top-of-parent';
import { defaultCard } from '../model/card-file';
import type { Normalisation } from './augment';

export interface CardInput {
  id: string;
  name: string;
  start: ModelEntry | null;
  norm: Normalisation;
  threshold: { value: number; rule: string };
  validation: ModelMetrics;
  record: TrainingRecord;
  dataRoot: string;
  created: Date;
}

export function trainingCard(c: CardInput): ModelCard {
  const { record } = c;
  const o = record.options;
  const split = record.split;
  const images = split.train.images.NORMAL + split.train.images.PNEUMONIA + split.val.images.NORMAL + split.val.images.PNEUMONIA;
  const patients = split.train.patients.NORMAL + split.train.patients.PNEUMONIA + split.val.patients.NORMAL + split.val.patients.PNEUMONIA;
  const notes = [
    c.start ? `fine-tuned from '${c.start.id}' (${c.start.card.name})` : 'trained from scratch (random initialisation)',
    `trained with ${record.backend} in ${Math.round(record.ms / 1000)} s; ${record.history.length} epoch${record.history.length === 1 ? '' : 's'}${record.stoppedEarly ? ' (stopped early: validation loss stopped improving)' : ''}`,
    `weights: the epoch with the lowest validation loss (epoch ${[...record.history].reverse().find((r) => r.best)?.epoch ?? '?'})`,
    ...split.notes,
    ...record.dataset.notes,
    ...(c.start ? [`population and intended use carried over from '${c.start.id}'`] : []),
  ];
  if (record.checkpointOfCancelledRun) notes.unshift('checkpoint of a cancelled run: training did not finish');
  return defaultCard({
    id: c.id,
    name: c.name,
    inputSize: o.inputSize,
    trained: true,
    threshold: c.threshold,
    trainingData: c.start ? onTopOfParent({ description: describeData(record.dataset, c.dataRoot), images, patients, root: c.dataRoot }, c.start) : { description: describeData(record.dataset, c.dataRoot), images, patients },
    metrics: { validation: c.validation },
    parent: c.start?.id ?? null,
    ...(c.start ? withAncestorFolders(c.start.card) : {}),
    // The parent's ages and views still bound what it may read (the guardrails use them), but the
    // words say whose they are: the images it was fine-tuned on may come from another population.
    ...(c.start?.card.population
      ? { population: { ...structuredClone(c.start.card.population), description: `${c.start.card.population.description} (its parent's population; fine-tuned on ${images} images from ${c.dataRoot}, whose population Alveo does not know: assumed the same)` } }
      : {}),
    ...(c.start ? { intendedUse: c.start.card.intendedUse } : {}),
    created: c.created.toISOString(),
    preprocessing: {
      resize: 'squash',
      inputSize: o.inputSize,
      channels: 3,
      mean: c.norm.mean,
      std: c.norm.std,
      source: `default display window (VOI/window or automatic), 8-bit gray, squashed to ${o.inputSize}x${o.inputSize}, /255, mean/std normalised, gray copied to 3 channels`,
    },
    recipe: recipe(c),
    notes,
    training: record,
  });
}

function describeData(d: TrainingRecord['dataset'] | DatasetSummary, root: string): string {
  const layout = { 'class-folders': 'class folders', kermany: 'Kermany layout (train/val/test)', rsna: 'RSNA layout (labels CSV + DICOM)' }[d.layout];
  return `${d.images.NORMAL} NORMAL + ${d.images.PNEUMONIA} PNEUMONIA images (${d.patients.NORMAL + d.patients.PNEUMONIA} patients) from ${root}, ${layout}`;
}

/** The command that trains it again: every option the CLI takes spelled out (a default may change), the rest as JSON. */
function recipe(c: CardInput): string {
  const o = c.record.options;
  const flags = [
    `--data ${c.dataRoot}`,
    // Without --base the CLI starts from whichever model is active then: say scratch too.
    `--base ${c.start ? c.start.id : 'scratch'}`,
    `--epochs ${o.epochs}`,
    `--size ${o.inputSize}`,
    `--batch ${o.batchSize}`,
    `--lr ${o.learningRate}`,
    `--seed ${o.seed}`,
    `--val-fraction ${o.valFraction}`,
    ...(o.maxBatchesPerEpoch ? [`--max-batches ${o.maxBatchesPerEpoch}`] : []),
    ...(o.augment === null ? ['--no-augment'] : []),
  ];
  return `alveo train ${flags.join(' ')} (all options: ${JSON.stringify(o)})`;
}
