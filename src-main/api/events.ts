// Events the engine pushes to whichever door opened it (one channel: api:event / one WebSocket).
// The job events and their types by kind live in jobs.ts.
import type { JobEnd, JobProgress, JobRowEvent } from './jobs';

export type { JobEnd, JobEvent, JobOutcome, JobProgress, JobRowEvent } from './jobs';
export type { Unsubscribe } from './shared';

export type EngineEvent = JobProgress | JobRowEvent | JobEnd;

/**
 * Beside the jobs' events, on the same channel (engine.onNotice): a line of the audit trail could
 * not be written (a full disk, a folder made read-only). The action stood, but the reader must know
 * the trail has a gap. Sent at each failure; EngineInfo.auditProblem keeps the last one for a page
 * opened later.
 */
export interface EngineNotice {
  type: 'audit:problem';
  message: string;
}
