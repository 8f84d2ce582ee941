// Long work is a job: start() answers { jobId } at once, the work runs in the background and
// reports through events (job:progress, job:row, then exactly one job:end); cancel() aborts it.
// A job's body is an async function taking a JobContext, so the same body can run in-process or be
// forwarded to a worker thread (run-in-worker.ts). What the body returns is the job's result, also
// when it was cancelled: a body that stops early and returns what it has (a training run's kept
// checkpoint, the rows scored so far) ends 'cancelled' with that result; one that throws after a
// cancel ends 'cancelled' without one.
import { randomUUID } from 'node:crypto';
import type { CancelChoice, JobRef, ScoreRow } from '../../api/contract';
import { serializeError } from '../../api/errors';
import type { EngineEvent } from '../../api/events';
import type { JobEnd, JobKind, JobProgress, JobProgressCommon, JobProgressDetail, JobResult } from '../../api/jobs';

/** A progress report of a job of kind K: the common fields plus that kind's detail. */
export type JobProgressUpdate<K extends JobKind = JobKind> = JobProgressCommon & JobProgressDetail<K>;

export interface JobContext<K extends JobKind = JobKind> {
  jobId: string;
  kind: K;
  signal: AbortSignal;
  /** What cancelJob asked to do with the work so far; undefined when not cancelled or not said. */
  cancelChoice(): CancelChoice | undefined;
  progress(update: JobProgressUpdate<K>): void;
  row(row: ScoreRow): void;
}

export type JobBody<K extends JobKind> = (ctx: JobContext<K>) => Promise<JobResult<K>>;

export interface JobInfo {
  jobId: string;
  kind: JobKind;
  startedAt: number;
}

interface Running extends JobInfo {
  controller: AbortController;
  choice: CancelChoice | undefined;
  finished: Promise<void>;
}

export class JobRunner {
  private readonly jobs = new Map<string, Running>();

  constructor(private readonly emit: (event: EngineEvent) => void) {}

  start<K extends JobKind>(kind: K, body: JobBody<K>): JobRef {
    const jobId = `${kind}-${randomUUID()}`;
    const controller = new AbortController();
    const ctx: JobContext<K> = {
      jobId,
      kind,
      signal: controller.signal,
      cancelChoice: () => this.jobs.get(jobId)?.choice,
      // The spread of a generic detail is not provably a JobProgress<K>; JobBody<K> checked it.
      progress: (u) => this.emit({ type: 'job:progress', jobId, kind, ...u } as JobProgress),
      row: (row) => this.emit({ type: 'job:row', jobId, row }),
    };
    type Ending = { outcome: 'done'; result: JobResult<K> } | { outcome: 'cancelled'; result?: JobResult<K> } | { outcome: 'failed'; error: string };
    // Ending is JobEnd<K> less its envelope; TS cannot distribute a generic K to prove it.
    const end = (e: Ending) => this.emit({ type: 'job:end', jobId, kind, ...e } as JobEnd);
    // Deferred by one turn so the caller has { jobId } (and can subscribe) before any event.
    const finished = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => body(ctx))
      .then(
        (result: JobResult<K>) => end(controller.signal.aborted ? { outcome: 'cancelled', result } : { outcome: 'done', result }),
        (err: unknown) => {
          if (controller.signal.aborted) return end({ outcome: 'cancelled' });
          // Not an AlveoError: a bug, and job:end carries only its message; its stack goes to stderr (never the job's spec).
          // A worker's error arrives as its message only (WorkerJobError, run-in-worker.ts), its stack here pointing nowhere useful.
          const bug = serializeError(err).code === 'INTERNAL' && !(err instanceof Error && err.name === 'WorkerJobError');
          if (bug) console.error(`alveo: unexpected error in ${kind} job:`, err instanceof Error ? (err.stack ?? err.message) : String(err));
          return end({ outcome: 'failed', error: err instanceof Error ? err.message : String(err) });
        },
      )
      .finally(() => this.jobs.delete(jobId));
    this.jobs.set(jobId, { jobId, kind, startedAt: Date.now(), controller, choice: undefined, finished });
    return { jobId };
  }

  /**
   * Asks the job to stop; it ends with job:end outcome 'cancelled'. `choice` tells a job that made
   * something whether to keep it. False if no such job runs.
   */
  cancel(jobId: string, choice?: CancelChoice): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
    job.choice ??= choice;
    job.controller.abort();
    return true;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map(({ jobId, kind, startedAt }) => ({ jobId, kind, startedAt }));
  }

  /** Resolves when the job has ended (at once if it is not running). */
  async wait(jobId: string): Promise<void> {
    await this.jobs.get(jobId)?.finished;
  }

  /** Cancels every job and waits for all of them to end. */
  async dispose(): Promise<void> {
    const all = [...this.jobs.values()];
    for (const job of all) job.controller.abort();
    await Promise.all(all.map((j) => j.finished));
  }
}
