// The last batch-scoring run, kept in the user folder: a worklist that was running when the app or
// the web host stopped (a crash, kill -9, a closed laptop) can be offered again on the next start;
// its finished images come back from the result cache in seconds. Owner-only: the folder's path
// may name a patient.
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { LastScoreRun } from '../../api/worklist';
import type { ScoreSpec } from '../../api/scoring';
import type { EngineEvent } from '../../api/events';
import { writeJsonAtomic } from '../files/atomic-files';
import { processAlive } from '../files/process-alive';
import { readRegularFile } from '../files/regular-file';

/** Who wrote the record: while that process lives, an unended run is not cut short. */
interface Owner {
  pid: number;
  host: string;
}

export function lastScoreRunFile(userDir: string): string {
  return join(userDir, 'worklist', 'last-run.json');
}

export async function readLastScoreRun(userDir: string): Promise<LastScoreRun | null> {
  try {
    const v = JSON.parse(await readRegularFile(lastScoreRunFile(userDir), 'utf8')) as Partial<LastScoreRun & Owner>;
    if (typeof v.folder !== 'string' || typeof v.startedAt !== 'string') return null;
    const outcome = v.outcome === 'done' || v.outcome === 'cancelled' || v.outcome === 'failed' ? v.outcome : 'interrupted';
    // Another process's run (this one's own runs are listed by runningScores while they go).
    const elsewhere = outcome === 'interrupted' && typeof v.pid === 'number' && v.pid !== process.pid && v.host === hostname() && processAlive(v.pid);
    return {
      folder: v.folder,
      recursive: v.recursive === true,
      oneView: v.oneView === true,
      ...(Array.isArray(v.subfolders) && v.subfolders.length > 0 && v.subfolders.every((f) => typeof f === 'string') ? { subfolders: v.subfolders } : {}),
      ...(typeof v.label === 'string' ? { label: v.label } : {}),
      modelId: typeof v.modelId === 'string' ? v.modelId : null,
      startedAt: v.startedAt,
      outcome,
      done: typeof v.done === 'number' ? v.done : 0,
      total: typeof v.total === 'number' ? v.total : null,
      ...(elsewhere ? { elsewhere } : {}),
    };
  } catch {
    return null;
  }
}

/**
 * Records one engine's score runs: started (as interrupted, until it ends), progress now and then,
 * the end. Runs may overlap (two tabs, a PACS run beside a folder): the file holds the newest run
 * still going, so a crash offers it, and once none is going, the one that ended last, with its real
 * end; a second run never makes the first one's end go unrecorded.
 */
export class LastScoreRunRecorder {
  /** The runs going, in the order they started. */
  private readonly live = new Map<string, LastScoreRun>();
  /** The run the file holds. */
  private run: LastScoreRun | null = null;
  private savedAt = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly userDir: string) {}

  started(jobId: string, spec: ScoreSpec, modelId: string): void {
    // Absolute: the CLI is given a folder relative to its working directory, and the app that
    // offers the run again later has another one.
    const run: LastScoreRun = {
      folder: resolve(spec.folder),
      recursive: spec.recursive === true,
      oneView: spec.oneView === true,
      ...(spec.subfolders ? { subfolders: spec.subfolders } : {}),
      ...(spec.label ? { label: spec.label } : {}),
      modelId,
      startedAt: new Date().toISOString(),
      outcome: 'interrupted',
      done: 0,
      total: null,
    };
    this.live.set(jobId, run);
    this.show(run);
  }

  record(event: EngineEvent): void {
    if (event.type === 'job:row' || event.kind !== 'score') return;
    const run = this.live.get(event.jobId);
    if (!run) return;
    if (event.type === 'job:progress') {
      const now = { ...run, done: event.done, total: event.total };
      this.live.set(event.jobId, now);
      if (this.run !== run) return; // an older run beside a newer one: only its end is written
      this.run = now;
      // A couple of seconds of progress lost in a crash is fine; a write per image is not.
      if (Date.now() - this.savedAt > 2000) this.save();
    } else if (event.type === 'job:end') {
      this.live.delete(event.jobId);
      // The result's counts are the run's own (the last progress may be a second behind).
      const r = event.result;
      const ended: LastScoreRun = { ...run, outcome: event.outcome, ...(r ? { done: r.scored + r.failed, total: r.total } : {}) };
      this.show([...this.live.values()].at(-1) ?? ended);
    }
  }

  /** Resolves when what was recorded so far is on disk. */
  flushed(): Promise<void> {
    return this.writing;
  }

  private show(run: LastScoreRun): void {
    this.run = run;
    this.save();
  }

  private save(): void {
    const run = this.run;
    if (!run) return;
    this.savedAt = Date.now();
    const file = lastScoreRunFile(this.userDir);
    const owner: Owner = { pid: process.pid, host: hostname() };
    this.writing = this.writing.then(() => writeJsonAtomic(file, { ...run, ...owner }, { mode: 0o600 }).catch(() => undefined));
  }
}
