// Opening one image: what the viewer and the study panel learn about it, its pixels and its tags.
import type { WindowLevel } from './shared';
import type { StudyDisplay } from './study-display';
import type { OverlayPlane } from './overlay-plane';

/** What the viewer and the study panel need to know about one opened image. */
export interface StudyInfo {
  studyId: string;
  file: string;
  format: 'dicom' | 'jpeg' | 'png';
  rows: number;
  columns: number;
  frames: number;
  /** The frame shown and read (0-based) of a multi-frame file; absent means the first. */
  frame?: number;
  /**
   * Range of the modality values (after rescale slope/intercept) the viewer windows over; for a
   * colour image the range of each 8-bit channel, 0..255.
   */
  minValue: number;
  maxValue: number;
  /** Default window chosen by the engine (VOI, header window, or automatic). */
  window: WindowLevel;
  windowSource: 'voi-lut' | 'header' | 'auto' | 'full-range';
  /** The file's own window presets, VOI LUT function and pixel spacing (issue 15; absent from older engines). */
  display?: StudyDisplay;
  /**
   * True when the image is shown in colour: getStudyImage carries `rgba`, and the window applies
   * to each 8-bit channel alike (the default, W 255 / L 127.5, shows the stored colours exactly).
   * The AI still reads the image's grayscale luminance. Absent or false: a grayscale image.
   */
  color?: boolean;
  /** Overlay planes (60xx) of the frame shown, which getStudyImage carries; absent or 0: none. */
  overlayPlanes?: number;
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
  /** Modality values; for a colour image its luminance (what the AI reads). */
  values: Float32Array;
  /**
   * Colour images only: the displayed frame as 8-bit R, G, B, A (A = 255) per pixel, row-major.
   * RGBA because that is what a canvas and cornerstone's colour images draw, so the viewer shows
   * these bytes as they arrive, without another copy.
   */
  rgba?: Uint8Array;
  /** The file's overlay planes (60xx) for this frame, bit-packed: drawn over the image, not part of its pixels. */
  overlays?: OverlayPlane[];
  /**
   * 1 where the pixel is padding (display.padding: its stored value is a Pixel Padding Value), row-major
   * like `values`; only when some pixel is. Judged on stored values, which `values` no longer hold.
   * The viewer draws these pixels black and its readout names them, as the model reads them black.
   */
  paddingMask?: Uint8Array;
  /**
   * The stored values, only when a Modality LUT Sequence made `values` (display.modalityLut): unlike a
   * rescale, its output cannot be turned back into the stored value the readout also gives.
   */
  storedValues?: Int32Array;
}

export interface DicomTag {
  tag: string; // "(0010,0010)"
  keyword: string;
  vr: string;
  value: string;
}

export interface OpenStudyOptions {
  /** 0-based frame of a multi-frame DICOM (default the first); other files have only frame 0. */
  frame?: number;
}

export interface StudyApi {
  openStudy(file: string, opts?: OpenStudyOptions): Promise<StudyInfo>;
  getStudyImage(studyId: string): Promise<StudyImage>;
  getStudyTags(studyId: string): Promise<DicomTag[]>;
  closeStudy(studyId: string): Promise<void>;
}
