// The one way the renderer follows a job: start it, and get its events by id, typed by kind.
// The listener is in place before the start call goes out, so events that arrive before the job
// id is known (a fast job, or a WebSocket that beats the HTTP answer) are held and replayed once
// the id is known; events of other jobs are dropped. After job:end the listener is removed.
import type { JobRef, ScoreRow } from '../../../../src-main/api/contract';
import type { JobEnd, JobKind, JobProgress } from '../../../../src-main/api/jobs';
import type { ApiEvent } from '../../../../src-main/api/transport';
import type { ApiClient } from '../api/create-api-client';

export interface JobHandlers<K extends JobKind> {
  progress?(p: JobProgress<K>): void;
  /** job:row (only 'score' jobs send rows). */
  row?(row: ScoreRow): void;
  end(e: JobEnd<K>): void;
}

export interface TrackedJob<K extends JobKind> {
  jobId: string;
  /** Resolves with the job's one end event (after `end` ran). */
  ended: Promise<JobEnd<K>>;
  /** Stops listening (the job itself goes on; cancel it through the API). */
  stop(): void;
}

/** Starts a job of `kind` with `start` and follows it. Rejects (listening nothing) when start fails. */
export async function trackJob<K extends JobKind>(
  api: Pick<ApiClient, 'onEvent'>,
  kind: K,
  start: () => Promise<JobRef>,
  handlers: JobHandlers<K>,
): Promise<TrackedJob<K>> {
  let jobId: string | null = null;
  const early: ApiEvent[] = [];
  let resolveEnd: (e: JobEnd<K>) => void = () => {};
  const ended = new Promise<JobEnd<K>>((r) => (resolveEnd = r));
  const handle = (e: ApiEvent) => {
    if (!('jobId' in e) || e.jobId !== jobId) return;
    if (e.type !== 'job:row' && e.kind !== kind) return; // not the job this call started
    if (e.type === 'job:row') handlers.row?.(e.row);
    // A job's events carry the kind it was started as; K is that kind.
    else if (e.type === 'job:progress') handlers.progress?.(e as JobProgress<K>);
    else {
      unsubscribe();
      handlers.end(e as JobEnd<K>);
      resolveEnd(e as JobEnd<K>);
    }
  };
  const unsubscribe = api.onEvent((e) => (jobId === null ? early.push(e) : handle(e)));
  try {
    ({ jobId } = await start());
  } catch (err) {
    unsubscribe();
    throw err;
  }
  for (const e of early.splice(0)) handle(e);
  return { jobId, ended, stop: unsubscribe };
}
