// How every CLI command runs a job: start it through the engine, render its events (progress on
// stderr), cancel it on a stop request (Ctrl-C, SIGTERM, SIGHUP, a closed stdout; a second one
// quits at once: on-stop-request.ts), and answer its one
// job:end, typed by kind. Events are filtered by job id; any that arrive before the id is known
// are held and replayed.
import type { CancelChoice, JobRef, ScoreRow } from '../api/contract';
import type { EngineEvent } from '../api/events';
import type { JobEnd, JobKind, JobProgress } from '../api/jobs';
import type { Engine } from '../engine/index';
import { onStopRequest, quitNow, stoppedExitCode } from './on-stop-request';

export interface JobRendering<K extends JobKind> {
  progress?(p: JobProgress<K>): void;
  row?(row: ScoreRow): void;
  /** Printed on stderr at the first stop request, e.g. 'cancelling: keeping the images already scored'. */
  cancelling: string;
  /** Sent with the cancel: what the job keeps of its work. */
  cancelChoice?: CancelChoice;
}

/** The exit code for a job's outcome: 0 done, 1 failed, cancelled as the stop's signal (130 Ctrl-C, 143 SIGTERM). */
export function exitCodeOf(end: JobEnd): number {
  return end.outcome === 'done' ? 0 : end.outcome === 'cancelled' ? stoppedExitCode() : 1;
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
  const stopListening = onStopRequest({
    stop: (request) => {
      if (!jobId) quitNow(request.cause); // nothing started yet, so nothing to keep
      process.stderr.write(`\n${request.describe(render.cancelling)}\n`);
      void engine.cancelJob(jobId, render.cancelChoice);
    },
  });
  try {
    ({ jobId } = await start());
    for (const e of early.splice(0)) handle(e);
    const end = await ended;
    if (end.kind !== kind) throw new Error(`job ${end.jobId} ended as a '${end.kind}' job, not '${kind}'`);
    return end;
  } finally {
    stopListening();
    unsubscribe();
  }
}
