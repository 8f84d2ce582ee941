// The worklist: one scoring run of a folder, its rows as they stream in (job:row), progress, the
// view the user chose (filter, search, sort) and the CSV export of exactly the rows shown.
// One instance per app (worklistStateFor), so switching tabs keeps the run and its rows.
import { blindRows, type WorklistRowShown } from './blind-rows';
import type { ReaderReadState } from './reader-read-state.svelte';
import type { JobRef, LastScoreRun, RunningScore, ScoreJobResult, ScoreRow, ScoreSpec, WorklistExport } from '../../../../src-main/api/contract';
import { CSV_STYLES, type CsvStyle } from '../../../../src-main/api/csv-style';
import type { JobEnd } from '../../../../src-main/api/jobs';
import {
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
import { readRememberedWorklistView, rememberWorklistView } from './remembered-worklist-view';
import { ThumbnailCache } from './thumbnail-cache.svelte';
import { trackJob, type TrackedJob } from './track-job';

export type RunStatus = 'idle' | 'starting' | 'running' | 'done' | 'cancelled' | 'failed';

export interface RunProgress {
  done: number;
  total: number;
  etaMs: number | null;
  imagesPerSecond: number | null;
}

/** What the worklist shows of a finished (or cancelled) score job's result. */
export type RunSummary = Pick<ScoreJobResult, 'total' | 'scored' | 'failed' | 'fromCache' | 'ms' | 'model'> & {
  skipped: NonNullable<ScoreJobResult['skipped']>;
  /** Problems beside the images: a result cache that could not be saved, a mistyped site policy. */
  notes: string[];
};

const FOLDER_KEY = 'alveo.worklist.folder';
/** The export's CSV style, kept in the same small string store as the folder. */
const CSV_STYLE_KEY = 'alveo.worklist.csvStyle';

/** A run over some sub-folders of a folder (a PACS search's studies in the cache), said by its label. */
export interface RunScope {
  subfolders: string[];
  /** What the run is, e.g. "ORTHANC: 12 studies of 2026-12-01" (never a patient's name). */
  label: string;
  /** Said with the run: e.g. the studies that could not be retrieved. */
  note?: string;
}

export class WorklistState {
  folder = $state(readRememberedFolder(FOLDER_KEY));
  recursive = $state(true);
  /** Score on one view (fast) where the model is served with test-time views and its card has a one-view threshold. */
  oneView = $state(false);
  status = $state<RunStatus>('idle');
  /** Counts runs started, so a reader can tell a new run from the last one. */
  run = $state(0);
  /** Where the last CSV export was saved (this session): the next export proposes it again. */
  lastExportFolder = $state<string | null>(null);
  /** The CSV style of the last export, kept across restarts: a site's Excel (its regional settings) wants the same one each time. */
  lastExportStyle = $state<CsvStyle>(CSV_STYLES.find((s) => s === readRememberedFolder(CSV_STYLE_KEY)) ?? 'scripts');
  /** The folder and model of the rows on screen (the folder field may have changed since). */
  runFolder = $state<string | null>(null);
  runRecursive = $state(true);
  /** The rows on screen were scored on one view (the model's one-view threshold), not its test-time views. */
  runOneView = $state(false);
  /** The rows on screen come from these sub-folders of runFolder only (a PACS search), or from all of it. */
  runScope = $state.raw<RunScope | null>(null);
  /** The id of the model that scored the rows on screen (null until the first row, or a run taken up, says it). */
  runModel = $state<string | null>(null);
  jobId = $state<string | null>(null);
  rows = $state.raw<ScoreRow[]>([]);
  progress = $state<RunProgress | null>(null);
  summary = $state<RunSummary | null>(null);
  error = $state<string | null>(null);
  /** Said beside the run when it was taken up rather than started (the folder was already being scored). */
  notice = $state<string | null>(null);
  view = $state<WorklistView>(readRememberedWorklistView());
  selected = $state<string | null>(null);
  /** The file the worklist last opened in the viewer (a row, or J/K there): the place J/K step from. */
  opened = $state<string | null>(null);
  readonly thumbnails: ThumbnailCache;

  /** The rows as the reader may see them: with Read first on, answers withheld until each image is read (blind-rows.ts). */
  readonly displayed = $derived.by(() => blindRows(this.rows, this.reads.readFirst, this.reads.findingsByFile));
  readonly shown = $derived(worklistView(this.displayed, this.view) as WorklistRowShown[]);
  readonly counts = $derived(countRows(this.displayed));
  /** Rows whose answer waits for the reader's read. */
  readonly hiddenCount = $derived(this.displayed.filter((r) => r.hiddenUntilRead).length);

  private buffered: ScoreRow[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private tracked: TrackedJob<'score'> | null = null;
  /**
   * The files of the run on screen: rows asked for (a run taken up, a catch-up after the event
   * stream reopened) may also come as events, in either order, as the two travel apart (one row
   * per file in a run).
   */
  private seen = new Set<string>();
  /** The run's first rows, up to here, are held for sure: a catch-up asks only for the ones after. */
  private fetched = 0;
  /** Taking up the engine's run under way, else loading the last run: settled before a start. */
  private readonly ready: Promise<void>;

  /** The user folder's last run (also one a crash cut short), offered again while nothing is on screen. */
  lastRun = $state<LastScoreRun | null>(null);

  constructor(
    private readonly api: ApiClient,
    private readonly reads: ReaderReadState,
  ) {
    this.thumbnails = new ThumbnailCache(api);
    // A run still going (the page was reloaded, or this is a second tab) is taken up, never offered as cut short.
    this.ready = this.takeUp().then((took) => (took ? undefined : this.loadLastRun()));
    // Events sent while the event stream was down (web host reconnecting) are lost: ask for what was missed.
    api.onEventsOpen(() => {
      if (this.jobId && this.running) void this.catchUp(this.jobId).then((r) => (r === 'gone' ? this.drop() : undefined));
    });
    // Made inside worklistStateFor's effect root: the chosen filter, sort and grouping survive a reload.
    $effect(() => rememberWorklistView({ ...this.view }));
  }

  /** Reads the last run again (one going in another Alveo process may have ended since). */
  checkLastRunAgain(): Promise<void> {
    return this.loadLastRun();
  }

  private async loadLastRun(): Promise<void> {
    try {
      const last = await this.api.getLastScoreRun();
      if (!last || this.status !== 'idle') return;
      this.lastRun = last;
      // A new page (the web host's address changes with each start) remembers nothing itself.
      if (!this.folder.trim() && !last.subfolders) {
        this.folder = last.folder;
        this.recursive = last.recursive;
      }
    } catch {
      // an older engine, or none: nothing to offer
    }
  }

  /**
   * Takes up the score run the engine has under way (after a page reload, or in a second tab): its
   * rows so far and progress, then its events from here on; Cancel stops it. False when none runs.
   */
  async takeUp(): Promise<boolean> {
    if (this.status !== 'idle') return false;
    let tracked: TrackedJob<'score'>;
    try {
      // Listening before asking: no event of the run falls between its rows so far and the next ones.
      tracked = await this.track(async () => {
        // Asked once events flow: no row or end of the run falls between the answer and the events.
        await this.api.eventsReady();
        const found = (await this.api.runningScores())[0];
        if (!found || this.status !== 'idle') throw new Error('no run to take up');
        this.tracked?.stop();
        this.reset();
        this.run++;
        this.status = 'running';
        this.adopt(found);
        if (!found.spec.subfolders && !this.folder.trim()) {
          this.folder = found.spec.folder;
          this.recursive = found.spec.recursive === true;
        }
        return { jobId: found.jobId };
      });
    } catch {
      return false;
    }
    this.tracked = tracked;
    this.jobId = tracked.jobId;
    if ((await this.catchUp(tracked.jobId)) === 'gone') await this.drop();
    return true;
  }

  /** Scores the last run's folder again, as it was asked (finished images come from the cache). */
  async resumeLastRun(): Promise<void> {
    const last = this.lastRun;
    if (last) await this.start(last.folder, last.recursive, last.oneView, last.subfolders ? { subfolders: last.subfolders, label: last.label ?? `${last.subfolders.length} folders of ${last.folder}` } : undefined);
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

  /** A row opened in the viewer becomes the selection, and the place the viewer's J/K step from. */
  markOpened(file: string): void {
    this.selected = file;
    this.opened = file;
  }

  /**
   * The next (+1) or previous (-1) row after `file` in the order shown (sort, filter, search), as
   * a reading loop goes; unreadable rows are passed over. Null past either end, or when `file` is
   * no longer shown.
   */
  neighbour(file: string, step: 1 | -1): ScoreRow | null {
    const shown = this.shown;
    const at = shown.findIndex((r) => r.file === file);
    if (at < 0) return null;
    for (let i = at + step; i >= 0 && i < shown.length; i += step) if (shown[i].error === null) return shown[i];
    return null;
  }

  /** Where `file` sits in the rows shown (1-based), for "study 4 of 31". */
  placeOf(file: string): { position: number; count: number } | null {
    const at = this.shown.findIndex((r) => r.file === file);
    return at < 0 ? null : { position: at + 1, count: this.shown.length };
  }

  /** Scores `folder` (or, with a scope, only those sub-folders of it: the folder field is left as the user typed it). */
  async start(folder = this.folder, recursive = this.recursive, oneView = false, scope?: RunScope): Promise<void> {
    const target = folder.trim();
    if (!target || this.running) return;
    // A run the page is taking up as it opens comes first (its Cancel replaces this Start).
    await this.ready;
    if (this.running) return;
    if (this.jobId) void this.api.cancelJob(this.jobId).catch(() => undefined);
    this.tracked?.stop();
    this.tracked = null;
    if (!scope) {
      this.folder = target;
      rememberFolder(FOLDER_KEY, target);
    }
    this.run++;
    const spec: ScoreSpec = { folder: target, recursive, ...(oneView ? { oneView: true } : {}), ...(scope ? { subfolders: scope.subfolders, label: scope.label } : {}) };
    try {
      const joined = await this.launch(spec, scope ?? null, true);
      // The run joined ended before its rows could be asked for: the user's Start scores the folder
      // itself (what that run finished now comes from the cache), never leaving the page idle.
      if (joined && (await this.catchUp(joined)) === 'gone' && this.jobId === joined) await this.launch(spec, scope ?? null, false);
    } catch (err) {
      this.status = 'failed';
      this.error = plainError(err, 'Could not score the folder').detail;
    }
  }

  /**
   * Starts scoring `spec` and follows it; with `mayJoin`, the run already scoring the same (another
   * tab, "Score the rest" of a run that went on) is followed instead, not a second one started
   * beside it on the same CPU. Returns the id of the run joined, null when one was started.
   */
  private async launch(spec: ScoreSpec, scope: RunScope | null, mayJoin: boolean): Promise<string | null> {
    this.tracked?.stop(); // a run joined and gone: its late events are no longer this page's
    this.tracked = null;
    this.reset();
    this.runScope = scope;
    this.status = 'starting';
    this.runFolder = spec.folder;
    this.runRecursive = spec.recursive === true;
    this.runOneView = spec.oneView === true;
    let joined: string | null = null;
    const tracked = await this.track(async () => {
      // Asked once events flow: a fast run (all from the cache) sends its rows and end at once.
      await this.api.eventsReady();
      // The engine tells the same run (folder resolved, recursive, one view, the model it would use); specs only.
      const going = mayJoin ? (await this.api.runningScores({ rows: false, like: spec }).catch(() => []))[0] : undefined;
      if (!going) return this.api.startScore(spec);
      joined = going.jobId;
      this.adopt(going);
      const since = new Date(going.startedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      this.notice = `This folder was already being scored (a run started at ${since}): that run is shown here, not started a second time.`;
      return { jobId: going.jobId };
    });
    this.tracked = tracked;
    this.jobId = tracked.jobId;
    if (this.status === 'starting') this.status = 'running';
    return joined;
  }

  /** Scores the run's folder again, as it was scored, with whichever model is active now. */
  rescore(): Promise<void> {
    return this.runFolder ? this.start(this.runFolder, this.runRecursive, this.runOneView, this.runScope ?? undefined) : Promise.resolve();
  }

  async cancel(): Promise<void> {
    if (this.jobId && this.running) await this.api.cancelJob(this.jobId).catch(() => undefined);
  }

  /**
   * CSV of the rows shown: written by the engine to `file`, or returned as text (browser download),
   * in `csvStyle` (delimiter, decimal sign, byte-order mark: api/csv-style.ts), which the next export proposes.
   * An existing `file` is replaced only with `overwrite`; otherwise the answer says `exists`.
   */
  async exportCsv(includeIdentifiers: boolean, file?: string, csvStyle: CsvStyle = 'scripts', overwrite = false): Promise<WorklistExport> {
    if (!this.jobId) throw new Error('Score a folder first.');
    this.flush();
    this.lastExportStyle = csvStyle;
    rememberFolder(CSV_STYLE_KEY, csvStyle);
    return this.api.exportWorklist({
      jobId: this.jobId,
      view: $state.snapshot(this.view),
      count: this.rows.length,
      includeIdentifiers,
      file,
      csvStyle,
      overwrite,
    });
  }

  private reset(): void {
    this.rows = [];
    this.buffered = [];
    this.progress = null;
    this.summary = null;
    this.error = null;
    this.selected = null;
    this.opened = null;
    this.jobId = null;
    this.runModel = null;
    this.notice = null;
    this.seen = new Set();
    this.fetched = 0;
    this.thumbnails.clear();
  }

  private track(start: () => Promise<JobRef>): Promise<TrackedJob<'score'>> {
    return trackJob(this.api, 'score', start, {
      row: (row) => this.onRow(row),
      progress: (e) => (this.progress = { done: e.done, total: e.total, etaMs: e.etaMs, imagesPerSecond: e.imagesPerSecond ?? null }),
      end: (e) => this.onEnd(e),
    });
  }

  /** Shows a run under way as the engine has it: what it scores, its rows so far, where it is. */
  private adopt(r: RunningScore): void {
    this.runFolder = r.spec.folder;
    this.runRecursive = r.spec.recursive === true;
    this.runOneView = r.spec.oneView === true;
    this.runScope = r.spec.subfolders ? { subfolders: r.spec.subfolders, label: r.spec.label ?? `${r.spec.subfolders.length} folders of ${r.spec.folder}` } : null;
    this.seen = new Set(r.rows.map((row) => row.file));
    this.fetched = r.rows.length;
    this.rows = r.rows;
    this.runModel = r.rows[0]?.model ?? r.modelId;
    if (r.latest) this.progress = { ...r.latest, imagesPerSecond: r.latest.imagesPerSecond ?? null };
  }

  /**
   * Asks again once listening: the rows of run `jobId` after those held for sure (sent before the
   * event stream was open, or while it was down) are filled in. 'gone': the run is no longer under
   * way; 'stale': no answer, or another run is on screen now.
   */
  private async catchUp(jobId: string): Promise<'listed' | 'gone' | 'stale'> {
    const from = this.fetched;
    const list = await this.api.runningScores({ rowsFrom: from }).catch(() => null);
    if (!list || this.jobId !== jobId) return 'stale';
    const again = list.find((r) => r.jobId === jobId);
    if (!again) return 'gone';
    this.fetched = Math.max(this.fetched, from + again.rows.length);
    for (const row of again.rows) this.onRow(row);
    return 'listed';
  }

  /**
   * The run followed ended while its end could not reach the page: it is dropped for what the user
   * folder recorded of it (offered again), rather than shown running for ever. An end seen stays.
   */
  private async drop(): Promise<void> {
    if (!this.running) return;
    this.tracked?.stop();
    this.tracked = null;
    this.reset();
    this.status = 'idle';
    this.runFolder = null;
    this.runScope = null;
    await this.loadLastRun();
  }

  private onRow(row: ScoreRow): void {
    if (this.seen.has(row.file)) return;
    this.seen.add(row.file);
    this.runModel ??= row.model;
    this.buffered.push(row);
    // Rows come fast from the cache: repaint in batches, not once per row.
    this.flushTimer ??= setTimeout(() => this.flush(), 80);
  }

  private onEnd(e: JobEnd<'score'>): void {
    this.flush();
    this.status = e.outcome === 'done' ? 'done' : e.outcome;
    // A cancelled run says what it did too (from the cache, time, skipped files, notes).
    if (e.outcome !== 'failed' && e.result) this.summary = summaryOf(e.result);
    if (e.outcome === 'failed') this.error = e.error;
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

function summaryOf(r: ScoreJobResult): RunSummary {
  return { total: r.total, scored: r.scored, failed: r.failed, fromCache: r.fromCache, ms: r.ms, model: r.model, skipped: r.skipped ?? [], notes: r.notes ?? [] };
}

const instances = new WeakMap<AppState, WorklistState>();

/** The app's one worklist (created on first use). */
export function worklistStateFor(app: AppState): WorklistState {
  let s = instances.get(app);
  if (!s) {
    // Made in its own effect root: deriveds created while a component initialises belong to that
    // component and stop updating once it unmounts (the worklist outlives tab switches).
    $effect.root(() => {
      s = new WorklistState(app.api, app.readerRead);
    });
    instances.set(app, s as unknown as WorklistState);
  }
  return s as unknown as WorklistState;
}
