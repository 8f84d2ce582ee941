// The one contract between the renderer and the engine. Every door (Electron IPC, the web host,
// the CLI) serves exactly this interface; API_METHODS makes a missing method a compile error.
import type { ModelCard } from './model-card';
import type { WorklistView } from './worklist-view';
// Types only: training.ts imports types from here (a value import would make a cycle).
import type { TrainingApi } from './training';
import type { TrainingPanelApi } from './training-panel';
export type { ModelCard } from './model-card';

export type Label = 'PNEUMONIA' | 'NORMAL';

export interface WindowLevel {
  center: number;
  width: number;
}

/** What the viewer and the study panel need to know about one opened image. */
export interface StudyInfo {
  studyId: string;
  file: string;
  format: 'dicom' | 'jpeg' | 'png';
  rows: number;
  columns: number;
  frames: number;
  /** Range of the modality values (after rescale slope/intercept) the viewer windows over. */
  minValue: number;
  maxValue: number;
  /** Default window chosen by the engine (VOI, header window, or automatic). */
  window: WindowLevel;
  windowSource: 'voi-lut' | 'header' | 'auto' | 'full-range';
  /** Display polarity: true when MONOCHROME1 (bright = low value). */
  invert: boolean;
  photometricInterpretation: string;
  transferSyntaxUid?: string;
  /** Patient / study / series / image attributes by DICOM keyword (empty for JPEG/PNG). */
  attributes: Record<string, string>;
  /** Notes a reader should see, e.g. "multi-frame: first frame shown". */
  notes: string[];
}

/** Modality values of the displayed frame, row-major, for windowing in the viewer. */
export interface StudyImage {
  studyId: string;
  rows: number;
  columns: number;
  values: Float32Array;
}

export interface DicomTag {
  tag: string; // "(0010,0010)"
  keyword: string;
  vr: string;
  value: string;
}

export interface Prediction {
  file: string;
  probability: number;
  label: Label;
  threshold: number;
  model: string;
  ms: number;
  warnings: string[];
}

export interface GradCam {
  studyId: string;
  model: string;
  /** Heat in [0, 1], row-major, `rows` x `columns` (the study's full size). */
  rows: number;
  columns: number;
  heat: Float32Array;
}

export interface ModelEntry {
  id: string;
  dir: string;
  builtIn: boolean;
  active: boolean;
  card: ModelCard;
}

export interface EngineInfo {
  version: string;
  backend: string;
  activeModel: string | null;
  modelsDirs: string[];
}

export interface ScoreSpec {
  folder: string;
  recursive?: boolean;
  modelId?: string;
}

export interface ScoreRow {
  file: string;
  probability: number | null;
  label: Label | null;
  threshold: number | null;
  model: string;
  error: string | null;
  warnings: string[];
  attributes: Record<string, string>;
}

/** One entry of a folder listing (the web UI's folder chooser). */
export interface DirectoryEntry {
  name: string;
  path: string;
  /** 'image': an extension Alveo scores (or none: maybe DICOM); 'file': anything else. */
  kind: 'folder' | 'image' | 'file';
}

export interface DirectoryListing {
  path: string;
  parent: string | null;
  entries: DirectoryEntry[];
  /** Image-like files directly in this folder. */
  images: number;
  truncated: boolean;
  /** Places to jump to: the home folder and the file-system root(s). */
  roots: string[];
}

/** A small JPEG of a study as displayed by default (worklist rows). */
export interface Thumbnail {
  file: string;
  width: number;
  height: number;
  /** The study's own size. */
  rows: number;
  columns: number;
  mime: 'image/jpeg' | 'image/png';
  data: Uint8Array;
}

/** Which rows of a scoring run to export: the same view the worklist shows (worklist-view.ts). */
export interface WorklistExportSpec {
  jobId: string;
  view: WorklistView;
  /** Rows the worklist had received when the user asked (rows arriving later are left out). */
  count?: number;
  includeIdentifiers: boolean;
  /** Write the CSV here (atomically); without it the CSV text comes back (browser download). */
  file?: string;
}

export interface WorklistExport {
  file: string | null;
  rows: number;
  columns: string[];
  csv: string | null;
}

export interface JobRef {
  jobId: string;
}

/** One image of a study set, known from its header (decoded only when opened). */
export interface StudySetImage {
  file: string;
  format: 'dicom' | 'jpeg' | 'png';
  /** ViewPosition as written (PA, AP, LL, LATERAL ...); '' when the file does not say. */
  viewPosition: string;
  /** True for a lateral view: not read by a model trained on frontal views. */
  lateral: boolean;
  instanceNumber: number | null;
  modality: string;
  /** Header attributes by DICOM keyword (empty for JPEG/PNG). */
  attributes: Record<string, string>;
}

export interface StudySetSeries {
  /** SeriesInstanceUID, or 'file:<path>' for an image without one. */
  seriesUid: string;
  seriesNumber: number | null;
  description: string;
  modality: string;
  images: StudySetImage[];
}

export interface StudySetStudy {
  /** StudyInstanceUID, or 'file:<path>' for a plain JPEG/PNG (each its own study). */
  studyUid: string;
  description: string;
  /** StudyDate as YYYYMMDD, '' when unknown. */
  date: string;
  series: StudySetSeries[];
}

/** A folder, several files or a DICOMDIR, grouped into studies and series. */
export interface StudySet {
  studies: StudySetStudy[];
  /** Files that could not be read as images, with the reason in plain words. */
  errors: { file: string; error: string }[];
  /** Number of images in all studies. */
  images: number;
}

/** One image's part in a study summary. */
export interface StudySummaryImage {
  file: string;
  viewPosition: string;
  probability: number | null;
  label: Label | null;
  /** All warnings of the prediction (model state and intended-use guardrails). */
  warnings: string[];
  /** Counted towards the study's answer: a frontal image with no intended-use warning. */
  counted: boolean;
  /** Why it is not counted ('lateral view', 'outside intended use', 'could not be read'); null when counted. */
  excludedBecause: string | null;
  error: string | null;
}

/** The study's answer: the highest probability among the frontal images the model can judge. */
export interface StudySummary {
  model: string;
  threshold: number | null;
  images: StudySummaryImage[];
  /** The counted image with the highest probability; null when no image could be counted. */
  highest: { file: string; probability: number; label: Label; viewPosition: string } | null;
  /** One sentence for people, e.g. "Highest frontal probability 81% (image 1 of 3, PA); 1 lateral view not counted." */
  text: string;
}

/** The engine's API. Every argument is plain data (validated at the host boundary). */
export interface EngineApi extends TrainingApi, TrainingPanelApi {
  getInfo(): Promise<EngineInfo>;
  openStudy(file: string): Promise<StudyInfo>;
  getStudyImage(studyId: string): Promise<StudyImage>;
  getStudyTags(studyId: string): Promise<DicomTag[]>;
  closeStudy(studyId: string): Promise<void>;
  predict(studyId: string, modelId?: string): Promise<Prediction>;
  gradCam(studyId: string, modelId?: string): Promise<GradCam>;
  listModels(): Promise<ModelEntry[]>;
  setActiveModel(modelId: string): Promise<void>;
  renameModel(modelId: string, name: string): Promise<void>;
  deleteModel(modelId: string): Promise<void>;
  startScore(spec: ScoreSpec): Promise<JobRef>;
  cancelJob(jobId: string): Promise<void>;
  listDirectory(path?: string): Promise<DirectoryListing>;
  getThumbnail(file: string, size?: number): Promise<Thumbnail>;
  exportWorklist(spec: WorklistExportSpec): Promise<WorklistExport>;
  /** Copies a model folder (weights + card) into destDir/<id>; returns the folder written. */
  exportModel(modelId: string, destDir: string): Promise<string>;
  /** Adds a tfjs model folder (model.json, weights, card) to the user's models. */
  importModel(dir: string): Promise<ModelEntry>;
  /** Groups folders, files and DICOMDIRs into studies and series, reading headers only. */
  openStudySet(paths: string[]): Promise<StudySet>;
  /** Predicts every image of one study (its files) and summarises: frontal images only. */
  summarizeStudy(files: string[], modelId?: string): Promise<StudySummary>;
}

export const API_METHODS: Record<keyof EngineApi, true> = {
  getInfo: true,
  openStudy: true,
  getStudyImage: true,
  getStudyTags: true,
  closeStudy: true,
  predict: true,
  gradCam: true,
  listModels: true,
  setActiveModel: true,
  renameModel: true,
  deleteModel: true,
  startScore: true,
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
  startEvaluation: true,
  defaultTrainingOptions: true,
  previewTrainingData: true,
};
