// The inside of a job worker: `serveJob(handler)` in a *.worker.ts entry waits for `run`, calls
// the handler with an AbortSignal and reporters, and posts the outcome back.
import { parentPort } from 'node:worker_threads';
import type { ScoreRow } from '../../api/contract';
import type { JobProgressUpdate } from './job-runner';
import type { FromWorker, ToWorker } from './worker-protocol';

export interface WorkerJobContext {
  signal: AbortSignal;
  progress(update: JobProgressUpdate): void;
  row(row: ScoreRow): void;
  log(message: string): void;
}

export function serveJob<S>(handler: (spec: S, ctx: WorkerJobContext) => Promise<unknown>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJob must run inside a worker thread');
  const controller = new AbortController();
  const post = (m: FromWorker) => port.postMessage(m);
  let started = false;
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'cancel') {
      controller.abort();
      return;
    }
    if (msg.type !== 'run' || started) return;
    started = true;
    const ctx: WorkerJobContext = {
      signal: controller.signal,
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
