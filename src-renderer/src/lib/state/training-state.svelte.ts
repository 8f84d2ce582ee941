// The training panel: the data chosen and what importing it found, the starting model and the
// options, the live run (progress, curves), and at the end the evaluation of the new model and of
// the model it is compared with on the same validation images. One instance per app
// (trainingStateFor), so leaving the tab keeps a run and its curves.
import type { ModelEntry } from '../../../../src-main/api/contract';
import type {
  EpochRecord,
  EvaluationReport,
  EvaluationSpec,
  TrainingApi,
  TrainingOptions,
  TrainingProgress,
  TrainingResult,
  TrainingSpec,
} from '../../../../src-main/api/training';
import type { TrainingDataPreview, TrainingPanelApi } from '../../../../src-main/api/training-panel';
import type { ApiEvent } from '../../../../src-main/api/transport';
import type { ApiClient } from '../api/create-api-client';
import type { AppState } from './app-state.svelte';
import { plainError } from './plain-error';
import { readRememberedFolder, rememberFolder } from './remembered-folder';
import { modelsStateFor } from './models-state.svelte';

export type TrainingStep = 'data' | 'setup' | 'train';
export type TrainingRunStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'done' | 'cancelled' | 'failed';
/** Where the run starts: the active model, another stored model (`baseModel`), or random weights. */
export type BaseChoice = 'active' | 'stored' | 'scratch';
export type CancelChoice = 'keep' | 'discard';

/** One point of a curve; x counts epochs (2.5 = halfway through epoch 3). */
export interface CurvePoint {
  x: number;
  y: number;
}

export interface RunProgress {
  done: number;
  total: number;
  etaMs: number | null;
  message: string;
  training: TrainingProgress | null;
}

export interface Evaluation {
  role: 'new' | 'parent' | 'active';
  modelId: string;
  name: string;
  status: 'waiting' | 'running' | 'done' | 'failed';
  fraction: number;
  report: EvaluationReport | null;
  error: string | null;
}

const FOLDER_KEY = 'alveo.training.folder';

/** The client's training methods (the same Proxy: every method name reaches the engine). */
type TrainingClient = ApiClient & TrainingApi & TrainingPanelApi;

export class TrainingState {
  step = $state<TrainingStep>('data');
  folder = $state(readRememberedFolder(FOLDER_KEY));
  inspecting = $state(false);
  /** The folder the summary below describes. */
  previewFolder = $state<string | null>(null);
  preview = $state.raw<TrainingDataPreview | null>(null);
  dataError = $state<string | null>(null);

  base = $state<BaseChoice>('active');
  baseModel = $state<string>('');
  name = $state('');
  options = $state<TrainingOptions | null>(null);
  /** The engine's defaults for the chosen start (augmentation toggles restore these values). */
  defaults = $state.raw<TrainingOptions | null>(null);
  /** The start ('active', 'scratch' or an id) the defaults were read for. */
  optionsFor = $state<string | null>(null);
  optionsError = $state<string | null>(null);

  status = $state<TrainingRunStatus>('idle');
  jobId = $state<string | null>(null);
  progress = $state.raw<RunProgress | null>(null);
  batchLoss = $state.raw<CurvePoint[]>([]);
  history = $state.raw<EpochRecord[]>([]);
  backend = $state<string | null>(null);
  result = $state.raw<TrainingResult | null>(null);
  runError = $state<string | null>(null);
  /** What the user chose when stopping, and what became of the partial run. */
  cancelChoice = $state<CancelChoice | null>(null);
  cancelOutcome = $state<string | null>(null);
  /** A model kept from a cancelled run (its best checkpoint). */
  keptModel = $state.raw<ModelEntry | null>(null);
  startedAt = $state<number | null>(null);
  /** The spec of the run on screen (folder, start, options as sent). */
  runSpec = $state.raw<TrainingSpec | null>(null);
  evaluations = $state.raw<Evaluation[]>([]);
  activating = $state(false);
  activated = $state<string | null>(null);

  private early: ApiEvent[] = [];
  private modelsBefore = new Set<string>();
  /** Evaluation jobs of the run on screen: job id -> index in `evaluations`. */
  private evalJobs = new Map<string, number>();
  private evalWaiters = new Map<string, () => void>();
  /** Events of an evaluation that arrived before startEvaluation answered with its job id. */
  private evalStarting = false;
  private evalEarly: ApiEvent[] = [];
  private readonly api: TrainingClient;

  constructor(private readonly app: AppState) {
    this.api = app.api as TrainingClient;
    app.api.onEvent((e) => this.onEvent(e));
  }

  get running(): boolean {
    return this.status === 'starting' || this.status === 'running' || this.status === 'stopping';
  }

  get models(): ModelEntry[] {
    return this.app.ai.models;
  }

  get activeModel(): ModelEntry | null {
    return this.app.ai.activeModel;
  }

  /** The base as the engine takes it: 'active', 'scratch' or a model id. */
  get baseSpec(): string {
    if (this.base === 'stored' && this.baseModel) return this.baseModel;
    return this.base === 'stored' ? 'active' : this.base;
  }

  /** The model the run starts from (null: from scratch). */
  get baseEntry(): ModelEntry | null {
    if (this.base === 'scratch') return null;
    if (this.base === 'stored') return this.models.find((m) => m.id === this.baseModel) ?? null;
    return this.activeModel;
  }

  get canStart(): boolean {
    return Boolean(this.preview && this.options && !this.running && !this.inspecting && this.previewFolder === this.folder.trim());
  }

  /** Reads the folder: classes, patients, skipped files, duplicates, and the split the run will use. */
  async inspect(folder = this.folder): Promise<void> {
    const target = folder.trim();
    if (!target) return;
    this.folder = target;
    rememberFolder(FOLDER_KEY, target);
    this.inspecting = true;
    this.dataError = null;
    try {
      const o = this.options;
      const preview = await this.api.previewTrainingData(target, o ? { valFraction: o.valFraction, seed: o.seed } : undefined);
      if (this.folder !== target) return;
      this.preview = preview;
      this.previewFolder = target;
    } catch (err) {
      this.preview = null;
      this.previewFolder = null;
      this.dataError = plainError(err, 'Could not read the folder').detail;
    } finally {
      this.inspecting = false;
    }
  }

  /** The split changes with the validation share and the seed: ask again for the folder shown. */
  async refreshSplit(): Promise<void> {
    if (this.previewFolder && !this.inspecting) await this.inspect(this.previewFolder);
  }

  /** Loads the engine's defaults for the chosen start, keeping what the user already set that still applies. */
  async loadDefaults(keepEdits = true): Promise<void> {
    if (this.base === 'active' && !this.activeModel) this.base = 'scratch';
    const base = this.baseSpec;
    try {
      const d = await this.api.defaultTrainingOptions(base);
      if (base !== this.baseSpec) return; // another start was chosen meanwhile
      const previous = this.options;
      this.defaults = d;
      this.optionsFor = base;
      // Input size and the head-only phase follow the start; the user's other choices stay.
      this.options = previous && keepEdits ? { ...previous, inputSize: d.inputSize, freezeEpochs: d.freezeEpochs } : { ...d, augment: d.augment ? { ...d.augment } : null };
      this.optionsError = null;
    } catch (err) {
      this.optionsError = plainError(err, 'Could not read the training defaults').detail;
    }
  }

  async chooseBase(base: BaseChoice, modelId?: string): Promise<void> {
    this.base = base;
    if (modelId !== undefined) this.baseModel = modelId;
    if (base === 'stored' && !this.baseModel) this.baseModel = this.models.find((m) => !m.active)?.id ?? this.models[0]?.id ?? '';
    await this.loadDefaults();
  }

  resetOptions(): void {
    const d = this.defaults;
    if (d) this.options = { ...d, augment: d.augment ? { ...d.augment } : null };
  }

  async start(): Promise<void> {
    if (!this.canStart || !this.options) return;
    this.resetRun();
    this.step = 'train';
    this.status = 'starting';
    this.startedAt = Date.now();
    this.modelsBefore = new Set(this.models.map((m) => m.id));
    const spec: TrainingSpec = {
      data: this.folder.trim(),
      base: this.baseSpec,
      options: $state.snapshot(this.options) as TrainingOptions,
      // Always kept on cancel: the user chooses when stopping, and a discarded run is deleted then.
      onCancel: 'keep',
      ...(this.name.trim() ? { name: this.name.trim() } : {}),
    };
    this.runSpec = spec;
    try {
      const { jobId } = await this.api.startTraining(spec);
      this.jobId = jobId;
      if (this.status === 'starting') this.status = 'running';
      this.replayEarly();
    } catch (err) {
      this.status = 'failed';
      this.runError = plainError(err, 'Could not start training').detail;
      this.early = [];
    }
  }

  /** Stops at the next batch end; `keep` stores the best checkpoint so far as a model. */
  async cancel(choice: CancelChoice): Promise<void> {
    if (!this.jobId || !this.running) return;
    this.cancelChoice = choice;
    this.status = 'stopping';
    await this.api.cancelJob(this.jobId).catch(() => undefined);
  }

  /** Makes a model (the new one by default) the active one: the viewer and worklist then use it. */
  async makeActive(id = this.result?.modelId ?? this.keptModel?.id): Promise<void> {
    if (!id) return;
    this.activating = true;
    try {
      await modelsStateFor(this.app).activate(id);
      await this.app.ai.refreshModels();
      if (this.app.ai.activeModel?.id === id) this.activated = id;
    } finally {
      this.activating = false;
    }
  }

  /** Back to step 1 for another run (the last run's report is dropped). */
  newRun(): void {
    if (this.running) return;
    this.resetRun();
    this.status = 'idle';
    this.step = 'data';
  }

  private resetRun(): void {
    this.jobId = null;
    this.progress = null;
    this.batchLoss = [];
    this.history = [];
    this.backend = null;
    this.result = null;
    this.runError = null;
    this.cancelChoice = null;
    this.cancelOutcome = null;
    this.keptModel = null;
    this.evaluations = [];
    this.evalJobs.clear();
    this.activated = null;
    this.early = [];
  }

  private replayEarly(): void {
    const early = this.early;
    this.early = [];
    for (const e of early) this.onEvent(e);
  }

  private onEvent(e: ApiEvent): void {
    if (!('jobId' in e)) return;
    const evalIndex = this.evalJobs.get(e.jobId);
    if (evalIndex !== undefined) return this.onEvaluationEvent(evalIndex, e);
    if (e.jobId !== this.jobId) {
      if (this.status === 'starting') this.early.push(e);
      else if (this.evalStarting) this.evalEarly.push(e);
      return;
    }
    switch (e.type) {
      case 'job:progress': {
        const t = e.training ?? null;
        this.progress = { done: e.done, total: e.total, etaMs: t?.etaMs ?? e.etaMs, message: e.message ?? '', training: t };
        if (!t) break;
        this.backend = t.backend;
        if (t.stage === 'training' && t.loss !== null && t.batches > 0) {
          this.batchLoss = [...this.batchLoss, { x: t.epoch - 1 + t.batch / t.batches, y: t.loss }];
        }
        if (t.epochEnd && !this.history.some((h) => h.epoch === t.epochEnd?.epoch)) this.history = [...this.history, t.epochEnd];
        break;
      }
      case 'job:done':
        void this.finished(e.result as TrainingResult);
        break;
      case 'job:error':
        if (e.cancelled) void this.cancelled();
        else {
          this.status = 'failed';
          this.runError = e.error;
        }
        break;
    }
  }

  private async finished(result: TrainingResult): Promise<void> {
    this.result = result;
    this.backend = result.backend;
    if (result.history.length) this.history = result.history;
    this.status = result.cancelled ? 'cancelled' : 'done';
    await this.refreshModels();
    if (result.modelId && !result.cancelled) void this.evaluate(result);
  }

  /** A cancelled run ends without a result: a kept checkpoint is found as the new model in the store. */
  private async cancelled(): Promise<void> {
    let kept: ModelEntry[] = [];
    try {
      const models = await this.api.listModels();
      // New since the start and marked as a cancelled run's checkpoint: this run's (one run at a time here).
      kept = models.filter((m) => !this.modelsBefore.has(m.id) && m.card.training?.checkpointOfCancelledRun);
      if (this.cancelChoice !== 'keep') {
        for (const m of kept) await this.api.deleteModel(m.id);
        this.cancelOutcome = kept.length ? 'Stopped. The partial run was discarded: no model was added.' : 'Stopped before any epoch ended: nothing was saved.';
      } else if (kept[0]) {
        this.keptModel = kept[0];
        const epochs = kept[0].card.training?.history.length ?? 0;
        this.cancelOutcome = `Stopped. The best checkpoint (after ${epochs} epoch${epochs === 1 ? '' : 's'}) was kept as “${kept[0].card.name}”.`;
      } else this.cancelOutcome = 'Stopped before the first epoch ended: there was no checkpoint to keep.';
    } catch (err) {
      this.cancelOutcome = `Stopped, but the partial run could not be tidied up: ${plainError(err).detail}`;
    }
    this.status = 'cancelled';
    await this.refreshModels();
  }

  /** The new model and the one it is compared with, each on the run's own validation images. */
  private async evaluate(result: TrainingResult): Promise<void> {
    const card = result.card;
    if (!card || !result.modelId) return;
    const models = this.models;
    const parent = card.parent ? models.find((m) => m.id === card.parent) : undefined;
    const active = models.find((m) => m.active && m.id !== result.modelId);
    const other = parent ?? active;
    this.evaluations = [
      { role: 'new', modelId: result.modelId, name: card.name, status: 'waiting', fraction: 0, report: null, error: null },
      ...(other ? [{ role: parent ? 'parent' : 'active', modelId: other.id, name: other.card.name, status: 'waiting', fraction: 0, report: null, error: null } as Evaluation] : []),
    ];
    // One after the other: they share the machine with whatever else the app is doing.
    for (let i = 0; i < this.evaluations.length; i++) {
      const ev = this.evaluations[i];
      const spec: EvaluationSpec = {
        data: result.dataset.root,
        model: ev.modelId,
        validationSplit: { valFraction: result.options.valFraction, seed: result.options.seed },
        topK: 12,
      };
      this.patchEvaluation(i, { status: 'running' });
      this.evalStarting = true;
      try {
        const { jobId } = await this.api.startEvaluation(spec);
        const ended = new Promise<void>((resolve) => this.evalWaiters.set(jobId, resolve));
        this.evalJobs.set(jobId, i);
        this.evalStarting = false;
        for (const e of this.evalEarly.splice(0)) this.onEvent(e);
        await ended;
      } catch (err) {
        this.patchEvaluation(i, { status: 'failed', error: plainError(err).detail });
      } finally {
        this.evalStarting = false;
        this.evalEarly = [];
      }
      if (this.result !== result) return; // a new run started meanwhile
    }
  }

  private onEvaluationEvent(i: number, e: ApiEvent): void {
    if (!('jobId' in e)) return;
    if (e.type === 'job:progress') this.patchEvaluation(i, { fraction: e.total > 0 ? e.done / e.total : 0 });
    else if (e.type === 'job:done') this.patchEvaluation(i, { status: 'done', fraction: 1, report: e.result as EvaluationReport });
    else if (e.type === 'job:error') this.patchEvaluation(i, { status: 'failed', error: e.cancelled ? 'cancelled' : e.error });
    if (e.type === 'job:done' || e.type === 'job:error') {
      this.evalWaiters.get(e.jobId)?.();
      this.evalWaiters.delete(e.jobId);
    }
  }

  private patchEvaluation(i: number, patch: Partial<Evaluation>): void {
    this.evaluations = this.evaluations.map((ev, j) => (j === i ? { ...ev, ...patch } : ev));
  }

  private async refreshModels(): Promise<void> {
    await this.app.ai.refreshModels();
    await modelsStateFor(this.app).refresh();
  }
}

const instances = new WeakMap<AppState, TrainingState>();

/** The app's one training panel state (created on first use). */
export function trainingStateFor(app: AppState): TrainingState {
  let s = instances.get(app);
  if (!s) {
    s = new TrainingState(app);
    instances.set(app, s);
  }
  return s;
}
