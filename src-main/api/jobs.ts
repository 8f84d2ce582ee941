// Every long piece of work is a job, typed end to end by its kind. A start* method answers
// { jobId } at once; then come job:progress events (and job:row for scoring), and exactly one
// job:end { jobId, kind, outcome, result?, error? } whose result type follows from the kind.
// A cancelled job may still carry a result (e.g. a training run's kept checkpoint).
//
// To add a kind: declare its spec, progress detail and result types in its feature's own file
// (e.g. calibration.ts), then add one line to JobKinds below, e.g.
//   calibrate: JobKindTypes<CalibrationSpec, NoProgressDetail, CalibrationResult>;
// JobProgress and JobEnd pick it up; in the engine, runner.start('calibrate', body) then checks
// that the body returns a CalibrationResult (engine/jobs/job-runner.ts), and a worker entry is
// one line in engine/jobs/worker-entries.ts.
import type { AdaptProgress, AdaptResult, AdaptSpec, CalibrationResult, CalibrationSpec } from './adaptation';
import type { EvaluationReport, EvaluationSpec } from './evaluation';
import type { LimeExplanation, LimeSpec } from './explanation';
import type { DicomResultsSpec, DicomResultsSummary, PacsRetrieveResult, PacsRetrieveSpec } from './pacs';
import type { ScoreJobResult, ScoreRow, ScoreSpec } from './scoring';
import type { TrainingProgress, TrainingResult, TrainingSpec } from './training';

/** One row of the table: what starts the job, what its progress events add, what it ends with. */
export interface JobKindTypes<Spec, ProgressDetail extends object, Result> {
  spec: Spec;
  progress: ProgressDetail;
  result: Result;
}

/** For kinds whose progress is only the common fields (done, total, ETA, message). */
export type NoProgressDetail = Record<never, never>;

/** The job kinds, by the name that prefixes their job ids. */
export interface JobKinds {
  score: JobKindTypes<ScoreSpec, NoProgressDetail, ScoreJobResult>;
  train: JobKindTypes<TrainingSpec, { training: TrainingProgress }, TrainingResult>;
  evaluate: JobKindTypes<EvaluationSpec, NoProgressDetail, EvaluationReport>;
  lime: JobKindTypes<LimeSpec, NoProgressDetail, LimeExplanation>;
  retrieve: JobKindTypes<PacsRetrieveSpec, NoProgressDetail, PacsRetrieveResult>;
  'dicom-results': JobKindTypes<DicomResultsSpec, NoProgressDetail, DicomResultsSummary>;
  calibrate: JobKindTypes<CalibrationSpec, { adapt: AdaptProgress }, CalibrationResult>;
  adapt: JobKindTypes<AdaptSpec, { adapt: AdaptProgress }, AdaptResult>;
}

export type JobKind = keyof JobKinds;
export type JobSpec<K extends JobKind> = JobKinds[K]['spec'];
export type JobResult<K extends JobKind> = JobKinds[K]['result'];
export type JobProgressDetail<K extends JobKind> = JobKinds[K]['progress'];

/** What every progress report carries, whatever the kind. */
export interface JobProgressCommon {
  done: number;
  total: number;
  etaMs: number | null;
  imagesPerSecond?: number;
  message?: string;
}

/** job:progress of a kind: the common fields plus that kind's detail (a union over kinds by default). */
export type JobProgress<K extends JobKind = JobKind> = {
  [P in K]: { type: 'job:progress'; jobId: string; kind: P } & JobProgressCommon & JobKinds[P]['progress'];
}[K];

/** A scored row, streamed by 'score' jobs as soon as it is ready. */
export interface JobRowEvent {
  type: 'job:row';
  jobId: string;
  row: ScoreRow;
}

export type JobOutcome = 'done' | 'cancelled' | 'failed';

/**
 * The one end event. done: result set. cancelled: result set when the job had something to
 * return when it stopped. failed: error set (plain words), no result.
 */
export type JobEnd<K extends JobKind = JobKind> = {
  [P in K]:
    | { type: 'job:end'; jobId: string; kind: P; outcome: 'done'; result: JobResult<P>; error?: undefined }
    | { type: 'job:end'; jobId: string; kind: P; outcome: 'cancelled'; result?: JobResult<P>; error?: undefined }
    | { type: 'job:end'; jobId: string; kind: P; outcome: 'failed'; result?: undefined; error: string };
}[K];

/** Every event about one job of kind K. */
export type JobEvent<K extends JobKind = JobKind> = JobProgress<K> | JobEnd<K> | (K extends 'score' ? JobRowEvent : never);

