// Comparing several installed models on one labelled folder: the engine evaluates one model per job,
// so the models run one after another (one job at a time), and each keeps its own report and job id
// (for "Keep on the model's card"). One instance per app: the comparison outlives a change of the
// selected model and stays until a new evaluation starts or it is closed.
import type { EvaluationReport, PairedComparison } from '../../../../src-main/api/evaluation';
import type { JobProgressCommon } from '../../../../src-main/api/jobs';
import type { ApiClient } from '../api/create-api-client';
import type { AppState } from './app-state.svelte';
import type { EvaluationStatus } from './model-evaluation-state.svelte';
import { plainError, type PlainError } from './plain-error';
import { trackJob } from './track-job';

export interface ComparedRun {
  id: string;
  name: string;
  status: EvaluationStatus;
  report: EvaluationReport | null;
  /** The finished job, which "Keep on the model's card" names. */
  jobId: string | null;
  error: PlainError | null;
  kept: boolean;
}

export class ModelComparisonState {
  /** The other models the user ticked under "Also evaluate" (the selected one always runs). */
  ticked = $state<string[]>([]);
  runs = $state<ComparedRun[]>([]);
  folder = $state('');
  /** The run in progress (index into runs), or -1. */
  current = $state(-1);
  status = $state<EvaluationStatus>('idle');
  progress = $state.raw<JobProgressCommon | null>(null);
  /** Each later model against the first, paired on the same images (null until all have run). */
  paired = $state.raw<PairedComparison[] | null>(null);
  pairedError = $state<string | null>(null);
  private jobId: string | null = null;
  private stopRequested = false;

  constructor(private readonly api: ApiClient) {}

  get running(): boolean {
    return this.status === 'starting' || this.status === 'running' || this.status === 'stopping';
  }

  /** Whether there is a comparison to show (running or finished). */
  get shown(): boolean {
    return this.runs.length > 0;
  }

  toggle(id: string, on: boolean): void {
    this.ticked = on ? [...new Set([...this.ticked, id])] : this.ticked.filter((t) => t !== id);
  }

  /** Evaluates each model on `folder` in turn; a cancel stops the one running and skips the rest. */
  async start(folder: string, models: Array<{ id: string; name: string }>): Promise<void> {
    const data = folder.trim();
    if (!data || this.running || models.length === 0) return;
    this.folder = data;
    this.runs = models.map((m) => ({ id: m.id, name: m.name, status: 'idle', report: null, jobId: null, error: null, kept: false }));
    this.stopRequested = false;
    this.paired = null;
    this.pairedError = null;
    this.status = 'running';
    for (let i = 0; i < this.runs.length && !this.stopRequested; i++) await this.runOne(i, data);
    this.current = -1;
    this.progress = null;
    this.status = this.stopRequested ? 'cancelled' : 'done';
    await this.pair();
  }

  /** The engine pairs the finished runs (it kept their per-image scores); the first finished one is the reference. */
  private async pair(): Promise<void> {
    const jobIds = this.runs.flatMap((r) => (r.status === 'done' && r.jobId ? [r.jobId] : []));
    if (jobIds.length < 2) return;
    try {
      this.paired = await this.api.compareEvaluations(jobIds);
    } catch (err) {
      this.pairedError = plainError(err, 'Could not pair the evaluations').detail;
    }
  }

  async cancel(): Promise<void> {
    if (!this.running || this.status === 'stopping') return;
    this.stopRequested = true;
    this.status = 'stopping';
    if (this.jobId) await this.api.cancelJob(this.jobId).catch(() => undefined);
  }

  close(): void {
    if (this.running) return;
    this.runs = [];
    this.paired = null;
    this.pairedError = null;
    this.status = 'idle';
  }

  /** The run of this finished job was kept on its card (none, if the rows were replaced since). */
  markKept(jobId: string): void {
    this.runs = this.runs.map((r) => (r.jobId === jobId ? { ...r, kept: true } : r));
  }

  private patch(index: number, change: Partial<ComparedRun>): void {
    this.runs = this.runs.map((r, i) => (i === index ? { ...r, ...change } : r));
  }

  private async runOne(index: number, data: string): Promise<void> {
    const id = this.runs[index].id;
    this.current = index;
    this.progress = null;
    this.patch(index, { status: 'running' });
    try {
      const tracked = await trackJob(this.api, 'evaluate', () => this.api.startEvaluation({ data, model: id }), {
        progress: (p) => (this.progress = { done: p.done, total: p.total, etaMs: p.etaMs, imagesPerSecond: p.imagesPerSecond, message: p.message }),
        end: (e) => {
          if (e.outcome === 'done') this.patch(index, { status: 'done', report: e.result, jobId: e.jobId });
          else if (e.outcome === 'cancelled') this.patch(index, { status: 'cancelled' });
          else this.patch(index, { status: 'failed', error: { title: 'The evaluation failed', detail: e.error } });
        },
      });
      this.jobId = tracked.jobId;
      // A cancel pressed while the job was starting had no id to name.
      if (this.stopRequested) await this.api.cancelJob(tracked.jobId).catch(() => undefined);
      await tracked.ended;
    } catch (err) {
      this.patch(index, { status: 'failed', error: plainError(err, 'Could not start the evaluation') });
    } finally {
      this.jobId = null;
    }
  }
}

const instances = new WeakMap<AppState, ModelComparisonState>();

export function modelComparisonStateFor(app: AppState): ModelComparisonState {
  let s = instances.get(app);
  if (!s) {
    s = new ModelComparisonState(app.api);
    instances.set(app, s);
  }
  return s;
}
