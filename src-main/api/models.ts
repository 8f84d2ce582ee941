// The model store as the API shows it: stored models with their cards, and what can be done to them.
import type { PairedComparison } from './evaluation';
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

/**
 * A folder among the user's models that cannot be read as one (card.json damaged or missing, no
 * model.json). listModels() leaves it out; it is listed apart so the user sees why nothing scores
 * when it is the active one, and can choose another model or delete the folder.
 */
export interface UnreadableModelEntry {
  /** The folder's name: the id settings.json would name it by. */
  id: string;
  dir: string;
  /** The file and the cause, e.g. "/…/card.json: not valid JSON (…)". */
  reason: string;
  /** settings.json names it the active model: predictions refuse until another is made active. */
  active: boolean;
}

export interface ModelsApi {
  listModels(): Promise<ModelEntry[]>;
  /** The user's model folders that cannot be read, with why; a folder under a shipped model's id is left out (it is ignored anyway). */
  listUnreadableModels(): Promise<UnreadableModelEntry[]>;
  setActiveModel(modelId: string): Promise<void>;
  renameModel(modelId: string, name: string): Promise<void>;
  /** Deletes a user model's folder, an unreadable one included; never the active or a shipped model. */
  deleteModel(modelId: string): Promise<void>;
  /**
   * Keeps a finished evaluation job's figures on its model's card (card.evaluations), replacing an
   * earlier one on the same folder. Shipped models' cards are read-only: refused.
   */
  keepEvaluation(jobId: string): Promise<ModelEntry>;
  /**
   * Finished evaluation jobs on the same folder compared as pairs: each later one against the first,
   * on the images both scored, with patient-bootstrap intervals of the differences.
   */
  compareEvaluations(jobIds: string[]): Promise<PairedComparison[]>;
  /** Copies a model folder (weights + card) into destDir/<id>; returns the folder written. */
  exportModel(modelId: string, destDir: string): Promise<string>;
  /** Adds a tfjs model folder (model.json, weights, card) to the user's models. */
  importModel(dir: string): Promise<ModelEntry>;
}
