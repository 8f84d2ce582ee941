// The model store as the API shows it: stored models with their cards, and what can be done to them.
import type { ModelCard } from './model-card';

export interface ModelEntry {
  id: string;
  dir: string;
  builtIn: boolean;
  active: boolean;
  card: ModelCard;
  /**
   * Whether the folder holds the statistics of the "unlike the training images" guardrail (ood.json):
   * the shipped model, its calibrated copies and site adaptations do; a model trained or fine-tuned
   * in the app does when its run had enough images and ONNX Runtime served (its card says which).
   * Without it only the attribute and pixel checks apply.
   */
  featureGuardrail?: boolean;
}

export interface ModelsApi {
  listModels(): Promise<ModelEntry[]>;
  setActiveModel(modelId: string): Promise<void>;
  renameModel(modelId: string, name: string): Promise<void>;
  deleteModel(modelId: string): Promise<void>;
  /** Copies a model folder (weights + card) into destDir/<id>; returns the folder written. */
  exportModel(modelId: string, destDir: string): Promise<string>;
  /** Adds a tfjs model folder (model.json, weights, card) to the user's models. */
  importModel(dir: string): Promise<ModelEntry>;
}
