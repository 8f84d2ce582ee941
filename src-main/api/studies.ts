// Opening one image: what the viewer and the study panel learn about it, its pixels and its tags.
import type { WindowLevel } from './shared';
import type { StudyDisplay } from './study-display';

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
  /** The file's own window presets, VOI LUT function and pixel spacing (issue 15; absent from older engines). */
  display?: StudyDisplay;
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

export interface StudyApi {
  openStudy(file: string): Promise<StudyInfo>;
  getStudyImage(studyId: string): Promise<StudyImage>;
  getStudyTags(studyId: string): Promise<DicomTag[]>;
  closeStudy(studyId: string): Promise<void>;
}
