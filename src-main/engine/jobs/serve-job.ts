// The inside of a job worker: `serveJob(handler)` in a *.worker.ts entry waits for `run`, calls
// the handler with an AbortSignal and reporters, and posts the outcome back. A handler that
// returns after a cancel posts its result (the engine ends the job 'cancelled' with it).
import { parentPort } from 'node:worker_threads';
import type { CancelChoice, ScoreRow } from '../../api/contract';
import type { JobKind, JobResult } from '../../api/jobs';
import type { JobProgressUpdate } from './job-runner';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface WorkerJobContext<K extends JobKind = JobKind> {
  signal: AbortSignal;
  /** The keep/discard choice sent with cancel; undefined when not cancelled or not said. */
  cancelChoice(): CancelChoice | undefined;
  progress(update: JobProgressUpdate<K>): void;
  row(row: ScoreRow): void;
  log(message: string): void;
}

/** Serves one job: `S` is what the engine sends with `run`, `K` the kind whose result comes back. */
export function serveJob<S, K extends JobKind = JobKind>(handler: (spec: S, ctx: WorkerJobContext<K>) => Promise<JobResult<K>>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJob must run inside a worker thread');
  const controller = new AbortController();
  let choice: CancelChoice | undefined;
  const post = (m: FromWorker) => port.postMessage(m);
  let started = false;
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'cancel') {
      choice ??= msg.choice;
      controller.abort();
      return;
    }
    if (msg.type !== 'run' || started) return;
    started = true;
    const ctx: WorkerJobContext<K> = {
      signal: controller.signal,
      cancelChoice: () => choice,
      progress: (progress) => post({ type: 'progress', progress }),
      row: (row) => post({ type: 'row', row }),
      log: (message) => post({ type: 'log', message }),
    };
    handler(msg.spec as S, ctx).then(
      (result) => post({ type: 'done', result }),
      (err: unknown) =>
        post({ type: 'error', error: err instanceof Error ? err.message : String(err), cancelled: controller.signal.aborted }),
    );
  });
}
