// Study sets: folders, files and DICOMDIRs grouped into studies and series, and a study's summary.
import type { SkippedFile } from './datasets';
import type { AlveoErrorCode } from './errors';
import type { Label } from './shared';

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
  /** Files that could not be read as images, with the reason in plain words and its kind. */
  errors: { file: string; error: string; code: AlveoErrorCode }[];
  /** Harmless non-images found in a folder (text files, PDFs...), not opened, each with why. */
  skipped: SkippedFile[];
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

export interface StudySetApi {
  /** Groups folders, files and DICOMDIRs into studies and series, reading headers only. */
  openStudySet(paths: string[]): Promise<StudySet>;
  /** Predicts every image of one study (its files) and summarises: frontal images only. */
  summarizeStudy(files: string[], modelId?: string): Promise<StudySummary>;
}
