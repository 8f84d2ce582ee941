// Messages between the engine and a job hosted in a worker thread. The engine sends run, then
// maybe cancel (with the user's keep/discard choice); the worker sends progress / row / log any
// number of times, then done (also after a cancel, when it has a result to return) or error.
import type { CancelChoice, ScoreRow } from '../../api/contract';
import type { JobProgressUpdate } from './job-runner';

export type ToWorker = { type: 'run'; spec: unknown } | { type: 'cancel'; choice?: CancelChoice };

export type FromWorker =
  | { type: 'progress'; progress: JobProgressUpdate }
  | { type: 'row'; row: ScoreRow }
  | { type: 'log'; message: string }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: string; cancelled: boolean };
