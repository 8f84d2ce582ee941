// What the training panel asks of the engine beyond TrainingApi: the import summary together with
// the patient-level split a run would use, before any run starts (counts only, no patient ids).
import type { DatasetSummary, SplitSummary } from './datasets';

export interface TrainingDataPreview {
  dataset: DatasetSummary;
  /** The split startTraining makes for this folder with the same valFraction and seed. */
  split: SplitSummary;
}

export interface TrainingPanelApi {
  /** Imports (lists, hashes, labels) a dataset folder and splits it by patient; nothing is decoded. */
  previewTrainingData(dir: string, split?: { valFraction?: number; seed?: number }): Promise<TrainingDataPreview>;
}
