// The rows of recent scoring runs, recorded from the engine's own event stream, so a CSV export can
// name rows by view (filter, search, sort) instead of sending thousands of rows back across a door.
import type { ScoreRow } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { EngineEvent } from '../../api/events';

export class ScoreJobRows {
  private readonly jobs = new Map<string, ScoreRow[]>();

  /** Runs kept; older ones are forgotten (a run's rows can hold tens of megabytes of attributes). */
  constructor(private readonly keep = 4) {}

  record(event: EngineEvent): void {
    if (event.type !== 'job:row') return;
    let rows = this.jobs.get(event.jobId);
    if (!rows) {
      rows = [];
      this.jobs.set(event.jobId, rows);
      for (const id of this.jobs.keys()) {
        if (this.jobs.size <= this.keep) break;
        this.jobs.delete(id);
      }
    }
    rows.push(event.row);
  }

  rows(jobId: string): ScoreRow[] {
    const rows = this.jobs.get(jobId);
    if (!rows) throw new AlveoError('NOT_FOUND', 'the results of that scoring run are no longer held: score the folder again (cached results make it quick)');
    return rows;
  }
}
