// Batch scoring of a folder (the 'score' job): its spec, the rows it streams (job:row) and its result.
import type { SkippedFile } from './datasets';
import type { AgeUnknownPolicy } from './site-policy';
import type { JobRef, Label } from './shared';

export interface ScoreSpec {
  folder: string;
  recursive?: boolean;
  modelId?: string;
  /** Score only this shard of the folder's images (alveo score --shard I/N; see engine/inference/shard-files.ts). */
  shard?: ScoreShard;
  /**
   * One forward pass per image where the model is served with test-time views (its card's
   * testTimeAugmentation): about that many times faster, at the card's one-view threshold.
   */
  oneView?: boolean;
  /**
   * Score only these sub-folders of `folder` (plain names; each with its own sub-folders when
   * recursive), in this order: the studies of a PACS search, retrieved into the cache folder. The
   * CSV names files relative to `folder` as usual.
   */
  subfolders?: string[];
  /** What the run is, in a few words, for "the last worklist" after a restart (e.g. "PACS search on ORTHANC: 12 studies"). */
  label?: string;
}

/** Shard `index` (0-based) of `count`: each image belongs to exactly one shard. */
export interface ScoreShard {
  index: number;
  count: number;
}

export interface ScoreRow {
  file: string;
  probability: number | null;
  label: Label | null;
  threshold: number | null;
  model: string;
  error: string | null;
  warnings: string[];
  /** The warnings as stable codes, in the same order ('untrained', 'age', 'view', 'unlike-training'…: guardrails/guardrail.ts). */
  warningCodes?: string[];
  /** Said beside the answer, never holding it back (as Prediction.notes): a JPEG's or PNG's unchecked population, the site policy's choice. */
  notes?: string[];
  attributes: Record<string, string>;
}

/** The result of a score job (rows went out one by one as job:row); a cancelled run has one too. */
export interface ScoreJobResult {
  folder: string;
  model: string;
  total: number;
  scored: number;
  failed: number;
  fromCache: number;
  cancelled: boolean;
  ms: number;
  /** The inference engine that scored the images, e.g. 'onnxruntime (cpu, 2 threads), 5-view TTA'. */
  engine?: string;
  /** Harmless non-images found in the folder (a DICOMDIR, text files...), not scored, each with why. */
  skipped?: SkippedFile[];
  /**
   * Problems beside the images, in plain words naming the file, for the person running the batch:
   * a result cache that could not be read or saved (the rows are complete all the same), a site
   * policy in settings.json that Alveo does not understand. Absent when there are none.
   */
  notes?: string[];
}

/**
 * What produced a score run's answers, carried by its CSV and JSON so a result read a year later
 * names its scorer: the id `default` has named several weight sets, and one view or the card's
 * test-time views, the engine, the site policy and the guardrail rules all change what a row says.
 */
export interface ScoreProvenance {
  /** sha256 of the model's weights (model.json and its weight files), as its DICOM results name it. */
  modelSha256: string;
  /** Forward passes averaged per image: the card's test-time views, or 1 (one view). */
  views: number;
  /** The inference engine, e.g. 'onnxruntime (cpu, 2 threads)'. */
  engine: string;
  /** Alveo's version. */
  alveo: string;
  /** When the run started, ISO 8601 UTC (a row from the cache was computed earlier, with the same answer). */
  runAt: string;
  /** The site policy for DICOMs without a usable age. */
  ageUnknown: AgeUnknownPolicy;
  /** The version of the intended-use rules the warnings follow. */
  guardrailRules: number;
  /**
   * The card's temperature (scores are sigmoid(logit / temperature)); 1 for a model never
   * calibrated. A calibrated model keeps its parent's weights, hence its modelSha256: this tells
   * the two (and two sites' calibrations of one parent) apart.
   */
  temperature: number;
}

/** A score run under way in this engine, for a page that reloads (or a second tab) to take it up again. */
export interface RunningScore {
  jobId: string;
  /** ms since the epoch. */
  startedAt: number;
  /** As it was asked (the folder as given). */
  spec: ScoreSpec;
  /** The model scoring it. */
  modelId: string;
  /** The rows sent so far, in the order they were sent (from RunningScoresQuery.rowsFrom on; none with rows: false). */
  rows: ScoreRow[];
  /** Its latest progress, so a page that takes it up shows where it is at once. */
  latest?: { done: number; total: number; etaMs: number | null; imagesPerSecond?: number };
}

/** What runningScores answers: a run's rows can be tens of megabytes, so a caller asks only for what it lacks. */
export interface RunningScoresQuery {
  /** false: the runs alone, no rows (default true). */
  rows?: boolean;
  /** The rows from this index on (rows keep their order): a page that has the first ones asks for the rest. Default 0. */
  rowsFrom?: number;
  /**
   * Only the run that startScore(like) would repeat: the same folder (resolved), sub-folders,
   * recursive, one view, shard and model (like.modelId, or the active model).
   */
  like?: ScoreSpec;
}

/** A score run started: its job, and what produces its answers (known before the first row). */
export interface ScoreStarted extends JobRef {
  provenance: ScoreProvenance;
}

export interface ScoringApi {
  /** Scores a folder as a 'score' job: rows in job:row events, a ScoreJobResult in job:end. */
  startScore(spec: ScoreSpec): Promise<ScoreStarted>;
  /** The score runs under way in this engine, newest first (none: an empty list); all their rows unless `query` says otherwise. */
  runningScores(query?: RunningScoresQuery): Promise<RunningScore[]>;
}
