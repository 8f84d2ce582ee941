// The engine side of a job hosted in a worker thread: starts the worker, forwards its messages to
// the JobContext, turns an abort into a `cancel` message, and terminates the worker when it ends
// (or, as the last resort, when it ignores a cancel for `killAfterMs`).
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JobKind, JobResult } from '../../api/jobs';
import type { JobContext } from './job-runner';
import type { FromWorker, ToWorker } from './worker-protocol';
import { removeThreadWasmFolders } from '../model/wasm-threads';

export interface RunInWorkerOptions {
  execArgv?: string[];
  onLog?: (message: string) => void;
  killAfterMs?: number;
}

export class WorkerJobError extends Error {
  constructor(
    message: string,
    readonly cancelled: boolean,
  ) {
    super(message);
    this.name = 'WorkerJobError';
  }
}

/**
 * Runs a job body in a worker thread. The worker's `done` message is trusted to carry a
 * JobResult<K>: its entry is typed by serveJob<S, K> (structured clone keeps no types).
 */
export function runInWorker<K extends JobKind>(entry: string, spec: unknown, ctx: JobContext<K>, opts: RunInWorkerOptions = {}): Promise<JobResult<K>> {
  const worker = startWorker(entry, opts.execArgv);
  const threadId = worker.threadId; // read now: it is -1 once the thread has exited
  const send = (m: ToWorker) => worker.postMessage(m);
  return new Promise<JobResult<K>>((resolve, reject) => {
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      ctx.signal.removeEventListener('abort', onAbort);
      void worker.terminate();
      fn();
    };
    const onAbort = () => {
      send({ type: 'cancel', choice: ctx.cancelChoice() });
      killTimer = setTimeout(() => finish(() => reject(new WorkerJobError('cancelled (worker stopped)', true))), opts.killAfterMs ?? 10_000);
    };
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'progress') ctx.progress(m.progress as Parameters<JobContext<K>['progress']>[0]);
      else if (m.type === 'row') ctx.row(m.row);
      else if (m.type === 'log') opts.onLog?.(m.message);
      else if (m.type === 'done') finish(() => resolve(m.result as JobResult<K>));
      else if (m.type === 'error') finish(() => reject(new WorkerJobError(m.error, m.cancelled)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => {
      // A terminated thread never ran its exit hooks: its wasm worker-script folder goes here.
      removeThreadWasmFolders(threadId);
      finish(() => reject(new WorkerJobError(`worker exited (code ${code}) before finishing`, ctx.signal.aborted)));
    });
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
    send({ type: 'run', spec });
  });
}

/**
 * A built .js entry runs as is. A .ts entry (running from source) is loaded through tsx, registered
 * inside the worker by a tiny bootstrap: Node 20 ignores ESM loader flags in a Worker's execArgv.
 */
function startWorker(entry: string, execArgv: string[] = []): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, { execArgv });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); })`;
  return new Worker(bootstrap, { eval: true, execArgv });
}
