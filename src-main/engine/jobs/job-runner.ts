// Long work is a job: start() answers { jobId } at once, the work runs in the background and
// reports through events (job:progress, job:row, then job:done or job:error); cancel() aborts it.
// A job's body is an async function taking a JobContext, so the same body can run in-process or be
// forwarded to a worker thread (run-in-worker.ts).
import { randomUUID } from 'node:crypto';
import type { JobRef, ScoreRow } from '../../api/contract';
import type { EngineEvent } from '../../api/events';

export interface JobProgressUpdate {
  done: number;
  total: number;
  etaMs: number | null;
  imagesPerSecond?: number;
  message?: string;
}

export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  progress(update: JobProgressUpdate): void;
  row(row: ScoreRow): void;
}

export type JobBody = (ctx: JobContext) => Promise<unknown>;

export interface JobInfo {
  jobId: string;
  kind: string;
  startedAt: number;
}

interface Running extends JobInfo {
  controller: AbortController;
  finished: Promise<void>;
}

export class JobRunner {
  private readonly jobs = new Map<string, Running>();

  constructor(private readonly emit: (event: EngineEvent) => void) {}

  start(kind: string, body: JobBody): JobRef {
    const jobId = `${kind}-${randomUUID()}`;
    const controller = new AbortController();
    const ctx: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (u) => this.emit({ type: 'job:progress', jobId, ...u }),
      row: (row) => this.emit({ type: 'job:row', jobId, row }),
    };
    // Deferred by one turn so the caller has { jobId } (and can subscribe) before any event.
    const finished = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => body(ctx))
      .then(
        (result) => {
          if (controller.signal.aborted) this.emit({ type: 'job:error', jobId, error: 'cancelled', cancelled: true });
          else this.emit({ type: 'job:done', jobId, result });
        },
        (err: unknown) => {
          const cancelled = controller.signal.aborted;
          const error = cancelled ? 'cancelled' : err instanceof Error ? err.message : String(err);
          this.emit({ type: 'job:error', jobId, error, cancelled });
        },
      )
      .finally(() => this.jobs.delete(jobId));
    this.jobs.set(jobId, { jobId, kind, startedAt: Date.now(), controller, finished });
    return { jobId };
  }

  /** Asks the job to stop; it ends with job:error { cancelled: true }. False if no such job runs. */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job) return false;
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
