// The AI panel's explanation choice (Grad-CAM or LIME) and the LIME job for the study on screen:
// progress, cancel, and the finished explanation kept per study and model (the engine keeps it
// too), so switching studies back and forth never reruns ~1000 forward passes.
import type { LimeExplanation } from '../../../../src-main/api/contract';
import type { ApiClient } from '../api/create-api-client';
import type { AiState } from './ai-state.svelte';
import { plainError } from './plain-error';
import { trackJob } from './track-job';

export type ExplanationMethod = 'gradcam' | 'lime';

export interface LimeHost {
  api: ApiClient;
  ai: AiState;
  /** The viewer-wide overlay switch: a finished explanation the reader waited for is drawn at once. */
  viewer: { overlayVisible: boolean };
}

export class LimeState {
  method = $state<ExplanationMethod>('gradcam');
  /** The explanation of the study on screen, when there is one. */
  result = $state.raw<LimeExplanation | null>(null);
  /** Samples done / total while a job runs; null otherwise. */
  progress = $state<{ done: number; total: number; etaMs: number | null } | null>(null);
  error = $state<string | null>(null);
  private jobId: string | null = null;
  /** Study|model of the running job, as state: the panel shows its progress only on that study. */
  private running = $state<string | null>(null);
  private readonly done = new Map<string, LimeExplanation>();
  /**
   * Bumped by every run and cancel: a cancelled run whose job:end arrives after the user pressed
   * Run LIME again (same study, same key) must not clear the new run's progress.
   */
  private seq = 0;

  constructor(private readonly host: LimeHost) {}

  private get key(): string | null {
    const { ai } = this.host;
    return ai.studyId && ai.prediction ? `${ai.studyId}|${ai.prediction.model}` : null;
  }

  /** LIME is part of the answer: held back with the number while warnings stand, like Grad-CAM. */
  get visible(): LimeExplanation | null {
    const r = this.result;
    return this.method === 'lime' && this.host.ai.answerShown && r && r.studyId === this.host.ai.studyId ? r : null;
  }

  /** The running job's progress when it explains the study on screen (another study's run is not shown). */
  get currentProgress(): { done: number; total: number; etaMs: number | null } | null {
    return this.running !== null && this.running === this.key ? this.progress : null;
  }

  /** Call when the study on screen (or its prediction) changes: shows what is kept for it. */
  sync(): void {
    const key = this.key;
    this.result = key ? (this.done.get(key) ?? null) : null;
    if (this.running !== key) {
      this.error = null;
    }
  }

  choose(method: ExplanationMethod): void {
    this.method = method;
    if (method === 'lime') void this.run();
  }

  async run(): Promise<void> {
    const key = this.key;
    const { ai, api } = this.host;
    if (!key || !ai.studyId || !ai.prediction) return;
    const kept = this.done.get(key);
    if (kept) {
      this.result = kept;
      return;
    }
    if (this.running === key) return;
    if (this.jobId) await this.cancel(); // one LIME at a time: the CPU is shared
    const studyId = ai.studyId;
    this.running = key;
    const mine = ++this.seq;
    const current = () => this.seq === mine && this.running === key;
    this.error = null;
    this.progress = { done: 0, total: 0, etaMs: null };
    try {
      const job = await trackJob(api, 'lime', () => api.startLime({ studyId, modelId: ai.prediction?.model }), {
        progress: (p) => {
          if (current()) this.progress = { done: p.done, total: p.total, etaMs: p.etaMs };
        },
        end: (e) => {
          if (e.outcome === 'done') this.done.set(key, e.result);
          if (!current()) return;
          if (e.outcome === 'done' && this.key === key) {
            this.result = e.result;
            this.host.viewer.overlayVisible = true;
          }
          else if (e.outcome === 'failed') this.error = e.error;
        },
      });
      // Cancelled (or replaced by another study's run) before the engine had answered with the id.
      if (!current()) {
        job.stop();
        await api.cancelJob(job.jobId).catch(() => undefined);
        return;
      }
      this.jobId = job.jobId;
      await job.ended;
    } catch (err) {
      if (current()) this.error = plainError(err).detail;
    } finally {
      if (current()) {
        this.running = null;
        this.jobId = null;
        this.progress = null;
        this.sync();
      }
    }
  }

  async cancel(): Promise<void> {
    const jobId = this.jobId;
    this.seq++;
    this.running = null;
    this.jobId = null;
    this.progress = null;
    if (jobId) await this.host.api.cancelJob(jobId).catch(() => undefined);
  }
}

const instances = new WeakMap<LimeHost, LimeState>();

/** The app's one LIME state (created on first use). */
export function limeStateFor(app: LimeHost): LimeState {
  let s = instances.get(app);
  if (!s) {
    s = new LimeState(app);
    instances.set(app, s);
  }
  return s;
}
