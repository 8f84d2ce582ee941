// The model's reading of the study on screen: prediction first, then Grad-CAM, both cached per
// study and model so switching back and forth never recomputes. Runs in the background: the
// viewer stays usable while the engine works.
import type { GradCam, ModelEntry, Prediction, StudyInfo } from '../../../../src-main/api/contract';
import { heldBack } from '../../../../src-main/api/held-back';
import type { ApiClient } from '../api/create-api-client';
import { plainError, type PlainError } from './plain-error';

/** In-flight or settled requests, so a study revisited mid-computation waits for the same answer. */
interface Reading {
  prediction?: Promise<Prediction>;
  cam?: Promise<GradCam>;
}

export class AiState {
  studyId = $state<string | null>(null);
  prediction = $state.raw<Prediction | null>(null);
  cam = $state.raw<GradCam | null>(null);
  predicting = $state(false);
  camming = $state(false);
  error = $state<PlainError | null>(null);
  camError = $state<string | null>(null);
  models = $state.raw<ModelEntry[]>([]);
  /** The model list has been asked for at least once (before that, no model does not mean none installed). */
  modelsLoaded = $state(false);
  /** The user asked to see the probability despite intended-use warnings. */
  revealed = $state(false);
  private cache = new Map<string, Reading>();

  /** `awaitingRead`: the answer waits for the reader's own read (read-first; the main viewer only). */
  constructor(
    private readonly api: ApiClient,
    private readonly awaitingRead: () => boolean = () => false,
  ) {}

  /** The answer is computed but waits for the reader's own read to be recorded. */
  get awaitingReaderRead(): boolean {
    return Boolean(this.prediction) && this.awaitingRead();
  }

  get activeModel(): ModelEntry | null {
    return this.models.find((m) => m.active) ?? null;
  }

  /** The model a new scoring run uses: the active one, else (none marked active) the first installed, as the engine does. */
  get scoringModel(): ModelEntry | null {
    return this.activeModel ?? this.models[0] ?? null;
  }

  /** The card of the model that made the prediction on screen (falls back to the active one). */
  get predictionModel(): ModelEntry | null {
    const name = this.prediction?.model;
    return this.models.find((m) => m.id === name || m.card.name === name) ?? this.activeModel;
  }

  get hasWarnings(): boolean {
    return this.prediction !== null && heldBack(this.prediction);
  }

  /** The model's answer may be shown: no intended-use warnings, or the user asked to see it anyway; and not waiting for the reader's read. */
  get answerShown(): boolean {
    return Boolean(this.prediction) && (!this.hasWarnings || this.revealed) && !this.awaitingRead();
  }

  /** Shows an answer held back by warnings, as the reader asked; the audit trail records who saw which. */
  reveal(): void {
    this.revealed = true;
    if (this.studyId) void this.api.recordReveal(this.studyId).catch(() => undefined);
  }

  /** Grad-CAM is part of the answer: held back with the number while warnings stand. */
  get visibleCam(): GradCam | null {
    return this.answerShown ? this.cam : null;
  }

  async refreshModels(): Promise<void> {
    try {
      this.models = await this.api.listModels();
    } catch {
      this.models = [];
    } finally {
      this.modelsLoaded = true;
    }
  }

  clear(): void {
    this.studyId = null;
    this.prediction = null;
    this.cam = null;
    this.error = null;
    this.camError = null;
    this.revealed = false;
  }

  /** Every kept answer: after a change (the site policy) that alters what the engine says of any study. */
  forgetAll(): void {
    this.cache.clear();
  }

  forget(studyId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(studyId + '|')) this.cache.delete(key);
  }

  async read(info: StudyInfo): Promise<void> {
    this.clear();
    this.studyId = info.studyId;
    if (!this.models.length) await this.refreshModels();
    const key = `${info.studyId}|${this.activeModel?.id ?? ''}`;
    const reading = this.cache.get(key) ?? {};
    this.cache.set(key, reading);
    const current = () => this.studyId === info.studyId;
    try {
      this.predicting = true;
      reading.prediction ??= this.api.predict(info.studyId);
      const prediction = await reading.prediction;
      if (!current()) return;
      this.prediction = prediction;
    } catch (err) {
      delete reading.prediction; // a failed answer is not cached: the next visit asks again
      if (current()) this.error = plainError(err, 'The model could not read this image');
      return;
    } finally {
      if (current()) this.predicting = false;
    }
    try {
      this.camming = true;
      reading.cam ??= this.api.gradCam(info.studyId);
      const cam = await reading.cam;
      if (current()) this.cam = cam;
    } catch (err) {
      delete reading.cam;
      if (current()) this.camError = plainError(err).detail;
    } finally {
      if (current()) this.camming = false;
    }
  }
}
