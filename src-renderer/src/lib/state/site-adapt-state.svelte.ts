// The training panel's first choice: calibrate to my site (seconds), adapt to my site (minutes) or
// train fully (the three steps). Calibrate and adapt run as 'calibrate' / 'adapt' jobs followed
// through trackJob; their result puts the parent and the new model side by side on the same site
// images. One instance per app, so leaving the tab keeps a run.
import type { AdaptationApi, AdaptEpoch, AdaptProgress, AdaptResult, CalibrationResult } from '../../../../src-main/api/adaptation';
import type { ApiClient } from '../api/create-api-client';
import type { AppState } from './app-state.svelte';
import { modelsStateFor } from './models-state.svelte';
import { plainError } from './plain-error';
import { trackJob, type TrackedJob } from './track-job';

export type SiteMode = 'calibrate' | 'adapt' | 'train';
export type SiteStatus = 'idle' | 'running' | 'stopping' | 'done' | 'cancelled' | 'failed';

export interface SiteProgress {
  done: number;
  total: number;
  etaMs: number | null;
  message: string;
  adapt: AdaptProgress;
}

/**
 * Expected time on a 2-core CPU without tfjs-node for 200 site images, from bench/adapt.bench.ts
 * (CPU per image: ~50 ms to score one through ONNX Runtime; adapting adds 4 views x 37 ms of
 * frozen activations and up to 5 epochs x 4 views x 85 ms of training steps for 70% of them).
 */
export function expectedSeconds(mode: 'calibrate' | 'adapt', images = 200): number {
  const cores = 2;
  if (mode === 'calibrate') return Math.round((images * 0.05) / cores + 5);
  const train = images * 0.7;
  return Math.round((train * 4 * 0.037 + images * 0.3 * 0.037 + train * 4 * 5 * 0.085) / cores + 20);
}

type SiteClient = ApiClient & AdaptationApi;

export class SiteAdaptState {
  mode = $state<SiteMode | null>(null);
  folder = $state('');
  sensitivity = $state(0.95);
  status = $state<SiteStatus>('idle');
  progress = $state.raw<SiteProgress | null>(null);
  /** Adaptation: one record per finished epoch (the curves). */
  history = $state.raw<AdaptEpoch[]>([]);
  result = $state.raw<CalibrationResult | AdaptResult | null>(null);
  error = $state<string | null>(null);
  activated = $state<string | null>(null);
  private tracked: TrackedJob<'calibrate'> | TrackedJob<'adapt'> | null = null;
  private jobId: string | null = null;

  constructor(
    private readonly app: AppState,
    private readonly api: SiteClient,
  ) {}

  get running(): boolean {
    return this.status === 'running' || this.status === 'stopping';
  }

  async start(): Promise<void> {
    const data = this.folder.trim();
    const mode = this.mode;
    if (!data || this.running || (mode !== 'calibrate' && mode !== 'adapt')) return;
    this.status = 'running';
    this.progress = null;
    this.history = [];
    this.result = null;
    this.error = null;
    this.activated = null;
    const handlers = {
      progress: (p: { done: number; total: number; etaMs: number | null; message?: string; adapt: AdaptProgress }) => {
        this.progress = { done: p.done, total: p.total, etaMs: p.etaMs, message: p.message ?? '', adapt: p.adapt };
        if (p.adapt.epochEnd) this.history = [...this.history, p.adapt.epochEnd];
      },
      end: (e: { outcome: 'done' | 'cancelled' | 'failed'; result?: CalibrationResult | AdaptResult; error?: string }) => {
        this.tracked = null;
        if (e.outcome === 'done' && e.result) {
          this.result = e.result;
          this.status = 'done';
          void this.app.ai.refreshModels();
        } else if (e.outcome === 'cancelled') this.status = 'cancelled';
        else {
          this.status = 'failed';
          this.error = e.error ?? 'failed';
        }
      },
    };
    try {
      const spec = { data, sensitivity: this.sensitivity };
      this.tracked =
        mode === 'calibrate'
          ? await trackJob(this.api, 'calibrate', () => this.api.startCalibration(spec), handlers)
          : await trackJob(this.api, 'adapt', () => this.api.startAdaptation(spec), handlers);
      this.jobId = this.tracked.jobId;
    } catch (err) {
      this.status = 'failed';
      this.error = plainError(err, mode === 'calibrate' ? 'Could not calibrate' : 'Could not adapt').detail;
    }
  }

  /** Stops the job; nothing is saved. */
  async cancel(): Promise<void> {
    if (!this.jobId || this.status !== 'running') return;
    this.status = 'stopping';
    await this.api.cancelJob(this.jobId).catch(() => undefined);
  }

  async makeActive(): Promise<void> {
    const id = this.result?.modelId;
    if (!id) return;
    await modelsStateFor(this.app).activate(id);
    await this.app.ai.refreshModels();
    if (this.app.ai.activeModel?.id === id) this.activated = id;
  }
}

const instances = new WeakMap<AppState, SiteAdaptState>();

export function siteAdaptStateFor(app: AppState): SiteAdaptState {
  let s = instances.get(app);
  if (!s) {
    s = new SiteAdaptState(app, app.api as SiteClient);
    instances.set(app, s);
  }
  return s;
}
