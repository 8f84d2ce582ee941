// Evaluating one installed model on a labelled folder from the model manager (what `alveo evaluate`
// does): an 'evaluate' job followed through trackJob, its progress, and its report. One instance per
// app, so leaving the tab or selecting another model keeps the run; the run remembers its model.
import type { EvaluationReport } from '../../../../src-main/api/evaluation';
import type { JobProgressCommon } from '../../../../src-main/api/jobs';
import type { ApiClient } from '../api/create-api-client';
import type { AppState } from './app-state.svelte';
import { plainError, type PlainError } from './plain-error';
import { readRememberedFolder, rememberFolder } from './remembered-folder';
import { trackJob, type TrackedJob } from './track-job';

export type EvaluationStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'done' | 'cancelled' | 'failed';

const FOLDER_KEY = 'alveo.modelEvaluation.folder';

export class ModelEvaluationState {
  folder = $state(readRememberedFolder(FOLDER_KEY));
  /** The model the current (or last) run measures; null before the first run. */
  modelId = $state<string | null>(null);
  modelName = $state('');
  status = $state<EvaluationStatus>('idle');
  progress = $state.raw<JobProgressCommon | null>(null);
  /** Over the wire, metrics the data leaves undefined arrive as null (NaN in the engine). */
  report = $state.raw<EvaluationReport | null>(null);
  error = $state<PlainError | null>(null);
  startedAt = $state<number | null>(null);
  /** The finished run's job: "Keep on the model's card" names it, so the engine keeps its own figures. */
  finishedJobId = $state<string | null>(null);
  /** Whether the finished run's figures were kept on the card. */
  kept = $state(false);
  private tracked: TrackedJob<'evaluate'> | null = null;
  private jobId: string | null = null;

  constructor(private readonly api: ApiClient) {}

  get running(): boolean {
    return this.status === 'starting' || this.status === 'running' || this.status === 'stopping';
  }

  /** Whether what is shown (run, report, error) belongs to this model. */
  isFor(modelId: string): boolean {
    return this.modelId === modelId;
  }

  async start(model: { id: string; name: string }): Promise<void> {
    const data = this.folder.trim();
    if (!data || this.running) return;
    rememberFolder(FOLDER_KEY, data);
    this.modelId = model.id;
    this.modelName = model.name;
    this.status = 'starting';
    this.progress = null;
    this.report = null;
    this.error = null;
    this.finishedJobId = null;
    this.kept = false;
    this.startedAt = Date.now();
    try {
      this.tracked = await trackJob(this.api, 'evaluate', () => this.api.startEvaluation({ data, model: model.id }), {
        progress: (p) => {
          if (this.status === 'starting') this.status = 'running';
          this.progress = { done: p.done, total: p.total, etaMs: p.etaMs, imagesPerSecond: p.imagesPerSecond, message: p.message };
        },
        end: (e) => {
          this.tracked = null;
          this.jobId = null;
          if (e.outcome === 'done') {
            this.report = e.result;
            this.finishedJobId = e.jobId;
            this.status = 'done';
          } else if (e.outcome === 'cancelled') this.status = 'cancelled';
          else {
            this.status = 'failed';
            this.error = { title: 'The evaluation failed', detail: e.error };
          }
        },
      });
      this.jobId = this.tracked.jobId;
      if (this.status === 'starting') this.status = 'running';
    } catch (err) {
      this.status = 'failed';
      this.error = plainError(err, 'Could not start the evaluation');
    }
  }

  /** Forgets a finished run (a comparison replaces it on screen); a running one stays. */
  clear(): void {
    if (this.running) return;
    this.modelId = null;
    this.status = 'idle';
    this.report = null;
    this.error = null;
    this.finishedJobId = null;
    this.kept = false;
  }

  /** Stops the job; nothing is kept. */
  async cancel(): Promise<void> {
    if (!this.jobId || (this.status !== 'running' && this.status !== 'starting')) return;
    this.status = 'stopping';
    await this.api.cancelJob(this.jobId).catch(() => undefined);
  }
}

const instances = new WeakMap<AppState, ModelEvaluationState>();

export function modelEvaluationStateFor(app: AppState): ModelEvaluationState {
  let s = instances.get(app);
  if (!s) {
    s = new ModelEvaluationState(app.api);
    instances.set(app, s);
  }
  return s;
}
