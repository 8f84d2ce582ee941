// The training panel's engine method (TrainingPanelApi), spread into createEngine: a dataset's
// import summary together with the patient-level split a run would make of it, before any run.
import { stat } from 'node:fs/promises';
import { AlveoError } from '../api/errors';
import type { TrainingDataPreview, TrainingPanelApi } from '../api/training-panel';
import { importDataset } from './training/import-dataset';
import { defaultTrainingOptions, resolveTrainingOptions } from './training/training-options';
import { trainingSplit } from './training/training-split';

export async function previewTrainingData(dir: string, split: { valFraction?: number; seed?: number } = {}): Promise<TrainingDataPreview> {
  const s = await stat(dir).catch(() => null);
  if (!s) throw new AlveoError('NOT_FOUND', 'folder not found', dir);
  if (!s.isDirectory()) throw new AlveoError('BAD_ARGUMENT', 'not a folder', dir);
  // The same defaults and checks as a run, so the preview is the split the run will make.
  const o = resolveTrainingOptions(defaultTrainingOptions({ trained: false }), { valFraction: split.valFraction, seed: split.seed });
  const dataset = await importDataset(dir);
  return { dataset: dataset.summary, split: trainingSplit(dataset, o.valFraction, o.seed).summary };
}

export function createTrainingPanelApi(): TrainingPanelApi {
  return { previewTrainingData: (dir, split) => previewTrainingData(dir, split ?? {}) };
}
