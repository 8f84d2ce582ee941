// Events the engine pushes to whichever door opened it (one channel: api:event / one WebSocket).
// The job events and their types by kind live in jobs.ts.
import type { JobEnd, JobProgress, JobRowEvent } from './jobs';

export type { JobEnd, JobEvent, JobOutcome, JobProgress, JobRowEvent } from './jobs';
export type { Unsubscribe } from './shared';

export type EngineEvent = JobProgress | JobRowEvent | JobEnd;
