// The rows of recent scoring runs, recorded from the engine's own event stream, so a CSV export can
// name rows by view (filter, search, sort) instead of sending thousands of rows back across a door.
import type { ScoreProvenance, ScoreRow } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { EngineEvent } from '../../api/events';

export class ScoreJobRows {
  private readonly jobs = new Map<string, ScoreRow[]>();
  /** The folder each run scored (told at start, so an export mid-run knows it too). */
  private readonly folders = new Map<string, string>();
  /** What produced each run's answers (told at start). */
  private readonly provenances = new Map<string, ScoreProvenance>();

  /** Runs kept; older ones are forgotten (a run's rows can hold tens of megabytes of attributes). */
  constructor(private readonly keep = 4) {}

  /** The run `jobId` scores `folder`, its answers produced as `provenance` says. */
  started(jobId: string, folder: string, provenance?: ScoreProvenance): void {
    this.folders.set(jobId, folder);
    if (provenance) this.provenances.set(jobId, provenance);
    // Runs that never sent a row (failed at once) would otherwise stay here forever.
    for (const id of this.folders.keys()) {
      if (this.folders.size <= 4 * this.keep) break;
      this.folders.delete(id);
      this.provenances.delete(id);
    }
  }

  record(event: EngineEvent): void {
    if (event.type === 'job:end' && event.kind === 'score' && event.result) this.folders.set(event.jobId, event.result.folder);
    if (event.type !== 'job:row') return;
    let rows = this.jobs.get(event.jobId);
    if (!rows) {
      rows = [];
      this.jobs.set(event.jobId, rows);
      for (const id of this.jobs.keys()) {
        if (this.jobs.size <= this.keep) break;
        this.jobs.delete(id);
        this.folders.delete(id);
        this.provenances.delete(id);
      }
    }
    rows.push(event.row);
  }

  rows(jobId: string): ScoreRow[] {
    const rows = this.jobs.get(jobId);
    if (!rows) throw new AlveoError('NOT_FOUND', 'the results of that scoring run are no longer held: score the folder again (cached results make it quick)');
    return rows;
  }

  /** The rows sent so far; none yet (or forgotten) is an empty list. */
  rowsSoFar(jobId: string): readonly ScoreRow[] {
    return this.jobs.get(jobId) ?? [];
  }

  /** What produced the run's answers; undefined when it was never told (the CSV's provenance cells are then empty). */
  provenance(jobId: string): ScoreProvenance | undefined {
    return this.provenances.get(jobId);
  }

  /** The folder the run scored; null when it was never told (the CSV then names files by their name alone). */
  folder(jobId: string): string | null {
    return this.folders.get(jobId) ?? null;
  }
}
