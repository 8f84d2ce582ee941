// Step 3 of the training panel: one run as the engine reports it (a 'train' job followed by id
// through trackJob): progress, the loss and metric curves, and its end. The job's result holds
// everything shown afterwards: the stored model, or the checkpoint a cancelled run kept, and the
// comparison with the parent model on the same validation images.
import type { CancelChoice, ModelEntry } from '../../../../src-main/api/contract';
import type { JobEnd, JobProgress } from '../../../../src-main/api/jobs';
import type { EpochRecord, TrainingApi, TrainingProgress, TrainingResult, TrainingSpec } from '../../../../src-main/api/training';
import type { ApiClient } from '../api/create-api-client';
import type { AppState } from './app-state.svelte';
import { modelsStateFor } from './models-state.svelte';
import { plainError } from './plain-error';
import { trackJob, type TrackedJob } from './track-job';

export type TrainingRunStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'done' | 'cancelled' | 'failed';
export type { CancelChoice } from '../../../../src-main/api/contract';

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

/** One row of the comparison: from the job's progress while it runs, from its result at the end. */
export interface Evaluation {
  role: 'new' | 'parent' | 'active';
  modelId: string;
  name: string;
  status: 'waiting' | 'running' | 'done' | 'failed';
  fraction: number;
  report: TrainingResult['comparison'][number]['report'];
  error: string | null;
}

export class TrainingRunState {
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
  /** When its end event came: elapsed time is wall time, comparison with the parent included. */
  endedAt = $state<number | null>(null);
  /** The spec of the run on screen (folder, start, options as sent). */
  runSpec = $state.raw<TrainingSpec | null>(null);
  evaluations = $state.raw<Evaluation[]>([]);
  activating = $state(false);
  activated = $state<string | null>(null);

  private tracked: TrackedJob<'train'> | null = null;

  constructor(
    private readonly app: AppState,
    private readonly api: ApiClient & TrainingApi,
  ) {}

  get running(): boolean {
    return this.status === 'starting' || this.status === 'running' || this.status === 'stopping';
  }

  async start(spec: TrainingSpec): Promise<void> {
    this.reset();
    this.status = 'starting';
    this.startedAt = Date.now();
    this.runSpec = spec;
    try {
      this.tracked = await trackJob(this.api, 'train', () => this.api.startTraining(spec), {
        progress: (e) => this.onProgress(e),
        end: (e) => void this.onEnd(e),
      });
      this.jobId = this.tracked.jobId;
      if (this.status === 'starting') this.status = 'running';
    } catch (err) {
      this.status = 'failed';
      this.runError = plainError(err, 'Could not start training').detail;
    }
  }

  /**
   * Takes up the run the engine has under way (after a page reload, or a window opened anew):
   * its spec, start and finished epochs, then its events from here on. False when none runs.
   */
  async attach(): Promise<boolean> {
    if (this.status !== 'idle') return false;
    const found = await this.api.runningTraining().catch(() => null);
    if (!found || this.status !== 'idle') return false;
    this.status = 'running';
    this.runSpec = found.spec;
    this.startedAt = found.startedAt;
    this.history = found.history;
    // The batch curve before the reload is gone; each finished epoch's mean loss stands in for it.
    this.batchLoss = found.history.map((h) => ({ x: h.epoch, y: h.trainLoss }));
    // Where the run is now (stage, epoch, batch, ETA), not "Starting…" until its next event.
    if (found.latest) this.onProgress({ ...found.latest, type: 'job:progress', jobId: found.jobId, kind: 'train' });
    try {
      this.tracked = await trackJob(this.api, 'train', async () => ({ jobId: found.jobId }), {
        progress: (e) => this.onProgress(e),
        end: (e) => void this.onEnd(e),
      });
      this.jobId = found.jobId;
    } catch {
      this.reset();
      return false;
    }
    // It may have ended between the question and the listening: then its end event was missed.
    if ((await this.api.runningTraining().catch(() => null))?.jobId !== found.jobId && this.status === 'running') {
      this.reset();
      await this.app.ai.refreshModels();
      return false;
    }
    return true;
  }

  /** Stops at the next batch end; the engine keeps the best checkpoint so far as a model, or drops the run. */
  async cancel(choice: CancelChoice): Promise<void> {
    if (!this.jobId || !this.running) return;
    this.cancelChoice = choice;
    this.status = 'stopping';
    await this.api.cancelJob(this.jobId, choice).catch(() => undefined);
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

  /** Forgets the run on screen (not while it runs). */
  reset(): void {
    this.tracked?.stop();
    this.tracked = null;
    this.status = 'idle';
    this.jobId = null;
    this.endedAt = null;
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
    this.activated = null;
  }

  private onProgress(e: JobProgress<'train'>): void {
    const t = e.training;
    this.progress = { done: e.done, total: e.total, etaMs: t.etaMs ?? e.etaMs, message: e.message ?? '', training: t };
    this.backend = t.backend;
    if (t.stage === 'training' && t.loss !== null && t.batches > 0) {
      this.batchLoss = [...this.batchLoss, { x: t.epoch - 1 + t.batch / t.batches, y: t.loss }];
    }
    if (t.epochEnd && !this.history.some((h) => h.epoch === t.epochEnd?.epoch)) this.history = [...this.history, t.epochEnd];
    if (t.comparing) {
      const c = t.comparing;
      this.evaluations = c.models.map((m, i) => ({
        ...m,
        status: i < c.index ? 'done' : i === c.index ? 'running' : 'waiting',
        fraction: i < c.index ? 1 : i === c.index && c.total > 0 ? c.done / c.total : 0,
        report: null,
        error: null,
      }));
    }
  }

  private async onEnd(e: JobEnd<'train'>): Promise<void> {
    this.endedAt = Date.now();
    if (e.outcome === 'failed') {
      this.status = 'failed';
      this.runError = e.error;
      return;
    }
    const result = e.result ?? null;
    if (result) {
      this.result = result;
      this.backend = result.backend;
      if (result.history.length) this.history = result.history;
      this.evaluations = result.comparison.map((c) => ({ ...c, status: c.report ? 'done' : 'failed', fraction: c.report ? 1 : 0 }));
    }
    if (e.outcome === 'cancelled') this.cancelOutcome = await this.describeCancel(result);
    this.status = e.outcome === 'cancelled' || result?.cancelled ? 'cancelled' : 'done';
    await this.app.ai.refreshModels();
    await modelsStateFor(this.app).refresh();
  }

  /** What became of a stopped run, from its result: the checkpoint the engine kept, or nothing. */
  private async describeCancel(result: TrainingResult | null): Promise<string> {
    const kept = result?.modelId ?? null;
    if (!kept) {
      if (this.cancelChoice === 'keep') return 'Stopped before the first epoch ended: there was no checkpoint to keep.';
      return result?.history.length ? 'Stopped. The partial run was discarded: no model was added.' : 'Stopped before any epoch ended: nothing was saved.';
    }
    try {
      this.keptModel = (await this.api.listModels()).find((m) => m.id === kept) ?? null;
    } catch {
      this.keptModel = null;
    }
    const epochs = result?.history.length ?? 0;
    return `Stopped. The best checkpoint (after ${epochs} epoch${epochs === 1 ? '' : 's'}) was kept as “${result?.card?.name ?? kept}”.`;
  }
}
