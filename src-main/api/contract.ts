// The one contract between the renderer and the engine. Every door (Electron IPC, the web host,
// the CLI) serves exactly this interface; API_METHODS makes a missing method a compile error.
// Read shared.ts first (the leaf), then one file per feature; jobs.ts types every job by kind.
// This file only assembles them: no feature file imports it, so src-main/api has no cycle.
import type { AdaptationApi } from './adaptation';
import type { ExplanationApi } from './explanation';
import type { InferenceApi } from './inference';
import type { ModelsApi } from './models';
import type { PacsApi } from './pacs';
import type { ReaderReadsApi } from './reader-reads';
import type { ScoringApi } from './scoring';
import type { CancelChoice } from './shared';
import type { SitePolicyApi } from './site-policy';
import type { RetentionApi } from './retention';
import type { StudyApi } from './studies';
import type { StudySetApi } from './study-sets';
import type { TrainingApi } from './training';
import type { TrainingPanelApi } from './training-panel';
import type { WorklistApi } from './worklist';

// Every name this file held before the split stays importable from here.
export type { GradCam, Prediction } from './inference';
export type { LimeExplanation, LimeRegion, LimeSpec } from './explanation';
export type { ModelCard } from './model-card';
export type { ModelEntry, UnreadableModelEntry } from './models';
export type { DicomResultFiles, DicomResultsSpec, DicomResultsSummary, PacsNodeConfig, PacsNodeInput, PacsRetrieveResult, PacsRetrieveSpec, PacsSendResult, PacsSentRecord, PacsStudy, PacsStudyHistory, PacsStudyQuery } from './pacs';
export type { RunningScore, RunningScoresQuery, ScoreJobResult, ScoreProvenance, ScoreRow, ScoreShard, ScoreSpec, ScoreStarted } from './scoring';
export type { CancelChoice, JobRef, Label, WindowLevel } from './shared';
export type { ReaderFinding, ReaderRead, ReaderReadAi, ReaderReadInput } from './reader-reads';
export type { AgeUnknownPolicy, SitePolicy, SitePolicyRead } from './site-policy';
export type { CachedPatientData, ClearCachedSpec } from './retention';
export type { DicomTag, StudyImage, StudyInfo } from './studies';
export type { StudySet, StudySetImage, StudySetSeries, StudySetStudy, StudySummary, StudySummaryImage } from './study-sets';
export type { DirectoryEntry, DirectoryListing, LastScoreRun, Thumbnail, WorklistExport, WorklistExportSpec } from './worklist';

export interface EngineInfo {
  version: string;
  /** The engine's own tfjs backend, e.g. 'wasm (simd, 1 thread)'. */
  backend: string;
  /** The tfjs backend a training run uses (its worker may take more threads), e.g. 'wasm (simd, 2 threads)'. */
  trainingBackend?: string;
  /** The inference engine serving the active model, e.g. 'onnxruntime (cpu, 2 threads)', 'tfjs wasm (simd, 1 thread)'. */
  inference?: string;
  activeModel: string | null;
  modelsDirs: string[];
  /** <user folder>/results: where "Save result(s) as DICOM…" proposes to write (never a study's own folder). */
  resultsDir?: string;
  /** Why the last audit-trail line could not be written, when one could not (events: audit:problem). */
  auditProblem?: string;
}

/** Methods every job shares, whatever its kind. */
export interface JobsApi {
  /**
   * Asks a job to stop; it ends with job:end outcome 'cancelled'. `choice` says what a job that
   * made something keeps (a training run: its best checkpoint); without it the job's spec decides.
   */
  cancelJob(jobId: string, choice?: CancelChoice): Promise<void>;
}

/** The engine's API. Every argument is plain data (validated at the host boundary). */
export interface EngineApi
  extends StudyApi,
    InferenceApi,
    ExplanationApi,
    ModelsApi,
    ScoringApi,
    JobsApi,
    WorklistApi,
    StudySetApi,
    TrainingApi,
    TrainingPanelApi,
    AdaptationApi,
    PacsApi,
    ReaderReadsApi,
    SitePolicyApi,
    RetentionApi {
  getInfo(): Promise<EngineInfo>;
}

export const API_METHODS: Record<keyof EngineApi, true> = {
  getInfo: true,
  getSitePolicy: true,
  getLastScoreRun: true,
  setSitePolicy: true,
  cachedPatientData: true,
  clearCachedPatientData: true,
  listPacsNodes: true,
  savePacsNode: true,
  deletePacsNode: true,
  echoPacsNode: true,
  findPacsStudies: true,
  startPacsRetrieve: true,
  saveResultAsDicom: true,
  sendResultToPacs: true,
  pacsStudyHistory: true,
  startDicomResults: true,
  openStudy: true,
  getStudyImage: true,
  getStudyTags: true,
  closeStudy: true,
  predict: true,
  recordReveal: true,
  recordRead: true,
  getRead: true,
  clearRead: true,
  listReads: true,
  gradCam: true,
  startLime: true,
  startCalibration: true,
  startAdaptation: true,
  listModels: true,
  listUnreadableModels: true,
  setActiveModel: true,
  renameModel: true,
  deleteModel: true,
  keepEvaluation: true,
  compareEvaluations: true,
  startScore: true,
  runningScores: true,
  cancelJob: true,
  listDirectory: true,
  getThumbnail: true,
  exportWorklist: true,
  exportModel: true,
  importModel: true,
  openStudySet: true,
  summarizeStudy: true,
  inspectDataset: true,
  startTraining: true,
  runningTraining: true,
  startEvaluation: true,
  defaultTrainingOptions: true,
  previewTrainingData: true,
};
