// How every CLI command runs a job: start it through the engine, render its events (progress on
// stderr), cancel it on Ctrl-C (a second Ctrl-C quits at once, exit 130), and answer its one
// job:end, typed by kind. Events are filtered by job id; any that arrive before the id is known
// are held and replayed.
import type { CancelChoice, JobRef, ScoreRow } from '../api/contract';
import type { EngineEvent } from '../api/events';
import type { JobEnd, JobKind, JobProgress } from '../api/jobs';
import type { Engine } from '../engine/index';

export interface JobRendering<K extends JobKind> {
  progress?(p: JobProgress<K>): void;
  row?(row: ScoreRow): void;
  /** Printed on stderr at the first Ctrl-C, e.g. 'cancelling: keeping the images already scored'. */
  cancelling: string;
  /** Sent with the cancel: what the job keeps of its work. */
  cancelChoice?: CancelChoice;
}

/** The exit code for a job's outcome: 0 done, 130 cancelled (as after SIGINT), 1 failed. */
export function exitCodeOf(end: JobEnd): number {
  return end.outcome === 'done' ? 0 : end.outcome === 'cancelled' ? 130 : 1;
}

export async function runJob<K extends JobKind>(engine: Engine, kind: K, start: () => Promise<JobRef>, render: JobRendering<K>): Promise<JobEnd<K>> {
  let jobId: string | null = null;
  const early: EngineEvent[] = [];
  let resolveEnd: (end: JobEnd<K>) => void = () => {};
  const ended = new Promise<JobEnd<K>>((r) => (resolveEnd = r));
  const handle = (e: EngineEvent) => {
    if (e.jobId !== jobId) return;
    // A job's events all carry its kind (job:row only comes from 'score' jobs).
    if (e.type === 'job:row') render.row?.(e.row);
    else if (e.type === 'job:progress') render.progress?.(e as JobProgress<K>);
    else resolveEnd(e as JobEnd<K>);
  };
  const unsubscribe = engine.subscribe((e) => (jobId === null ? early.push(e) : handle(e)));
  let cancelling = false;
  const onSigint = () => {
    if (cancelling || !jobId) process.exit(130);
    cancelling = true;
    process.stderr.write(`\n${render.cancelling} (Ctrl-C again to quit now)\n`);
    void engine.cancelJob(jobId, render.cancelChoice);
  };
  process.on('SIGINT', onSigint);
  try {
    ({ jobId } = await start());
    for (const e of early.splice(0)) handle(e);
    const end = await ended;
    if (end.kind !== kind) throw new Error(`job ${end.jobId} ended as a '${end.kind}' job, not '${kind}'`);
    return end;
  } finally {
    process.off('SIGINT', onSigint);
    unsubscribe();
  }
}
