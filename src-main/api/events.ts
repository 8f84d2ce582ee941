// Events the engine pushes to whichever door opened it (one channel: api:event / one WebSocket).
import type { ScoreRow } from './contract';

export interface JobProgress {
  type: 'job:progress';
  jobId: string;
  done: number;
  total: number;
  etaMs: number | null;
  imagesPerSecond?: number;
  message?: string;
  /** Training jobs: epoch, batch, losses, validation metrics (see training.ts). */
  training?: import('./training').TrainingProgress;
}
export interface JobRowEvent {
  type: 'job:row';
  jobId: string;
  row: ScoreRow;
}
export interface JobDone {
  type: 'job:done';
  jobId: string;
  result: unknown;
}
export interface JobError {
  type: 'job:error';
  jobId: string;
  error: string;
  cancelled: boolean;
}
export type EngineEvent = JobProgress | JobRowEvent | JobDone | JobError;
export type Unsubscribe = () => void;
