// The training panel: which step is shown, the setup (data, start, options: training-setup-state)
// and the run (progress, curves, result: training-run-state). One instance per app
// (trainingStateFor), so leaving the tab keeps a run and its curves.
import type { TrainingApi } from '../../../../src-main/api/training';
import type { TrainingPanelApi } from '../../../../src-main/api/training-panel';
import type { ApiClient } from '../api/create-api-client';
import type { AppState } from './app-state.svelte';
import { TrainingRunState } from './training-run-state.svelte';
import { TrainingSetupState } from './training-setup-state.svelte';

export type TrainingStep = 'data' | 'setup' | 'train';
export type { BaseChoice } from './training-setup-state.svelte';
export type { CancelChoice, CurvePoint, Evaluation, RunProgress, TrainingRunStatus } from './training-run-state.svelte';

/** The client's training methods (the same Proxy: every method name reaches the engine). */
type TrainingClient = ApiClient & TrainingApi & TrainingPanelApi;

export class TrainingState {
  step = $state<TrainingStep>('data');
  readonly setup: TrainingSetupState;
  readonly run: TrainingRunState;

  constructor(app: AppState) {
    const api = app.api as TrainingClient;
    this.setup = new TrainingSetupState(app, api);
    this.run = new TrainingRunState(app, api);
  }

  get canStart(): boolean {
    return this.setup.ready && !this.run.running;
  }

  async start(): Promise<void> {
    const spec = this.setup.spec();
    if (!this.canStart || !spec) return;
    this.step = 'train';
    await this.run.start(spec);
  }

  /** Shows the run the engine has under way, if any (the page was reloaded while it ran). */
  async attach(): Promise<void> {
    if (await this.run.attach()) this.step = 'train';
  }

  /** Back to step 1 for another run (the last run's report is dropped). */
  newRun(): void {
    if (this.run.running) return;
    this.run.reset();
    this.step = 'data';
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
