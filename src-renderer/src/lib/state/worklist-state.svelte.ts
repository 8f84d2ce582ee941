// The worklist: one scoring run of a folder, its rows as they stream in (job:row), progress, the
// view the user chose (filter, search, sort) and the CSV export of exactly the rows shown.
// One instance per app (worklistStateFor), so switching tabs keeps the run and its rows.
import type { ScoreRow, WorklistExport } from '../../../../src-main/api/contract';
import type { ApiEvent } from '../../../../src-main/api/transport';
import {
  DEFAULT_WORKLIST_VIEW,
  matchesFilter,
  worklistView,
  type WorklistFilter,
  type WorklistSortKey,
  type WorklistView,
} from '../../../../src-main/api/worklist-view';
import type { ApiClient } from '../api/create-api-client';
import type { AppState } from './app-state.svelte';
import { plainError } from './plain-error';
import { readRememberedFolder, rememberFolder } from './remembered-folder';
import { ThumbnailCache } from './thumbnail-cache.svelte';

export type RunStatus = 'idle' | 'starting' | 'running' | 'done' | 'cancelled' | 'failed';

export interface RunProgress {
  done: number;
  total: number;
  etaMs: number | null;
  imagesPerSecond: number | null;
}

/** What job:done carries for a score job (engine/jobs/score-job.ts ScoreJobResult). */
export interface RunSummary {
  total: number;
  scored: number;
  failed: number;
  fromCache: number;
  ms: number;
  model: string;
}

const FOLDER_KEY = 'alveo.worklist.folder';

export class WorklistState {
  folder = $state(readRememberedFolder(FOLDER_KEY));
  recursive = $state(true);
  status = $state<RunStatus>('idle');
  /** Counts runs started, so a reader can tell a new run from the last one. */
  run = $state(0);
  /** The folder and model of the rows on screen (the folder field may have changed since). */
  runFolder = $state<string | null>(null);
  runModel = $state<string | null>(null);
  jobId = $state<string | null>(null);
  rows = $state.raw<ScoreRow[]>([]);
  progress = $state<RunProgress | null>(null);
  summary = $state<RunSummary | null>(null);
  error = $state<string | null>(null);
  view = $state<WorklistView>({ ...DEFAULT_WORKLIST_VIEW });
  selected = $state<string | null>(null);
  readonly thumbnails: ThumbnailCache;

  readonly shown = $derived(worklistView(this.rows, this.view));
  readonly counts = $derived(countRows(this.rows));

  private buffered: ScoreRow[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  /** Events that arrived before startScore answered with their job id. */
  private early: ApiEvent[] = [];

  constructor(private readonly api: ApiClient) {
    this.thumbnails = new ThumbnailCache(api);
    api.onEvent((e) => this.onEvent(e));
  }

  get running(): boolean {
    return this.status === 'starting' || this.status === 'running';
  }

  setFilter(filter: WorklistFilter): void {
    this.view.filter = filter;
  }

  /** Clicking the same column flips the direction; a new column starts in its natural order. */
  sortBy(key: WorklistSortKey): void {
    if (this.view.sort === key) this.view.descending = !this.view.descending;
    else {
      this.view.sort = key;
      this.view.descending = key === 'probability';
    }
  }

  async start(folder = this.folder, recursive = this.recursive): Promise<void> {
    const target = folder.trim();
    if (!target || this.running) return;
    if (this.jobId) void this.api.cancelJob(this.jobId).catch(() => undefined);
    this.folder = target;
    rememberFolder(FOLDER_KEY, target);
    this.reset();
    this.run++;
    this.status = 'starting';
    this.runFolder = target;
    try {
      const { jobId } = await this.api.startScore({ folder: target, recursive });
      this.jobId = jobId;
      if (this.status === 'starting') this.status = 'running';
      const early = this.early;
      this.early = [];
      for (const e of early) this.onEvent(e);
    } catch (err) {
      this.status = 'failed';
      this.error = plainError(err, 'Could not score the folder').detail;
      this.early = [];
    }
  }

  async cancel(): Promise<void> {
    if (this.jobId && this.running) await this.api.cancelJob(this.jobId).catch(() => undefined);
  }

  /** CSV of the rows shown: written by the engine to `file`, or returned as text (browser download). */
  async exportCsv(includeIdentifiers: boolean, file?: string): Promise<WorklistExport> {
    if (!this.jobId) throw new Error('Score a folder first.');
    this.flush();
    return this.api.exportWorklist({
      jobId: this.jobId,
      view: $state.snapshot(this.view),
      count: this.rows.length,
      includeIdentifiers,
      file,
    });
  }

  private reset(): void {
    this.rows = [];
    this.buffered = [];
    this.progress = null;
    this.summary = null;
    this.error = null;
    this.selected = null;
    this.jobId = null;
    this.runModel = null;
    this.thumbnails.clear();
  }

  private onEvent(e: ApiEvent): void {
    if (!('jobId' in e)) return;
    if (e.jobId !== this.jobId) {
      if (this.status === 'starting') this.early.push(e);
      return;
    }
    switch (e.type) {
      case 'job:row':
        this.runModel ??= e.row.model;
        this.buffered.push(e.row);
        // Rows come fast from the cache: repaint in batches, not once per row.
        this.flushTimer ??= setTimeout(() => this.flush(), 80);
        break;
      case 'job:progress':
        this.progress = { done: e.done, total: e.total, etaMs: e.etaMs, imagesPerSecond: e.imagesPerSecond ?? null };
        break;
      case 'job:done':
        this.flush();
        this.summary = readSummary(e.result);
        this.status = 'done';
        break;
      case 'job:error':
        this.flush();
        this.status = e.cancelled ? 'cancelled' : 'failed';
        if (!e.cancelled) this.error = e.error;
        break;
    }
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (!this.buffered.length) return;
    this.rows = [...this.rows, ...this.buffered];
    this.buffered = [];
  }
}

export interface RowCounts {
  all: number;
  pneumonia: number;
  normal: number;
  errors: number;
  warnings: number;
}

function countRows(rows: readonly ScoreRow[]): RowCounts {
  const n = (f: WorklistFilter) => rows.filter((r) => matchesFilter(r, f)).length;
  return { all: rows.length, pneumonia: n('pneumonia'), normal: n('normal'), errors: n('errors'), warnings: n('warnings') };
}

function readSummary(result: unknown): RunSummary | null {
  if (typeof result !== 'object' || result === null) return null;
  const r = result as Record<string, unknown>;
  const num = (k: string) => (typeof r[k] === 'number' ? (r[k] as number) : 0);
  return { total: num('total'), scored: num('scored'), failed: num('failed'), fromCache: num('fromCache'), ms: num('ms'), model: String(r.model ?? '') };
}

const instances = new WeakMap<AppState, WorklistState>();

/** The app's one worklist (created on first use). */
export function worklistStateFor(app: AppState): WorklistState {
  let s = instances.get(app);
  if (!s) {
    // Made in its own effect root: deriveds created while a component initialises belong to that
    // component and stop updating once it unmounts (the worklist outlives tab switches).
    $effect.root(() => {
      s = new WorklistState(app.api);
    });
    instances.set(app, s as unknown as WorklistState);
  }
  return s as unknown as WorklistState;
}
