// A study as the engine sees it: one decoded image (frame 0), its modality values, default window
// and attributes. The viewer, the model and the guardrails all read this same object.
import type { DicomTag } from '../../api/contract';
import type { StudyDisplay } from '../../api/study-display';
import type { OverlayPlane } from '../../api/overlay-plane';

export interface WindowSetting {
  center: number;
  width: number;
}

export interface VoiLut {
  firstValueMapped: number;
  numberOfEntries: number;
  bitsPerEntry: number;
  data: Uint16Array;
  /** LUT Explanation (0028,3003), when the file gives one. */
  explanation?: string;
}

/** Pixel Padding Value (0028,0120) / Range Limit (0028,0121) as found in the pixels (PS3.3 C.7.5.1.1.2). */
export interface PixelPadding {
  /** 1 where the pixel is padding, row-major like `values`. */
  mask: Uint8Array;
  /** How many pixels are padding (at least 1, fewer than all). */
  pixels: number;
  /** Padding Value and Range Limit as the file gives them (stored values). */
  value: number;
  rangeLimit?: number;
}

export interface Study {
  file: string;
  format: 'dicom' | 'jpeg' | 'png';
  rows: number;
  columns: number;
  frames: number;
  /** The frame decoded (0-based): what `values` hold, what the viewer shows and the AI reads. */
  frame: number;
  /** Modality values of that frame (after the Modality LUT, else rescale slope/intercept), row-major; luminance for colour images (what the model reads). */
  values: Float32Array;
  /**
   * The frame's stored values, only when a Modality LUT Sequence made `values` (its output cannot be
   * turned back into them, as a rescale can): for the viewer's pixel readout.
   */
  storedValues?: Int32Array;
  /** Colour images only (DICOM, JPEG, PNG): that frame as the reader sees it, 8-bit RGB interleaved, row-major. */
  rgb?: Uint8Array;
  /** DICOM overlay planes (60xx) of that frame: drawn over the image by the viewer, never part of `values`. */
  overlays?: OverlayPlane[];
  minValue: number;
  maxValue: number;
  window: WindowSetting;
  windowSource: 'voi-lut' | 'header' | 'auto' | 'full-range';
  voiLut?: VoiLut;
  /** The file's own window presets, VOI LUT function and pixel spacing (none for JPEG/PNG). */
  display: StudyDisplay;
  /** MONOCHROME1 display: bright = low value. */
  invert: boolean;
  /** Pixels the file marks as padding (outside the image), when any pixel is: left out of the automatic window and shown black. */
  padding?: PixelPadding;
  photometricInterpretation: string;
  transferSyntaxUid?: string;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  /** DICOM keyword -> value (PatientAge, ViewPosition, Modality, ...); empty for JPEG/PNG. */
  attributes: Record<string, string>;
  /** Every element of the data set (DICOM only; [] otherwise). */
  tags: DicomTag[];
  /** Things a reader should know, e.g. 'multi-frame (12 frames): frame 1 shown and read'. */
  notes: string[];
}

/** What `alveo inspect` reports about a DICOM file: its pixel module and the md5 of its stored pixels. */
export interface DicomInspection {
  file: string;
  transferSyntaxUid: string;
  transferSyntax: string;
  hasPart10Header: boolean;
  photometricInterpretation: string;
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  samplesPerPixel: number;
  planarConfiguration: number;
  frames: number;
  /** Full md5 hex of the raw stored pixel values (little endian, bitsAllocated wide, all frames). */
  pixelMd5: string;
  decodeMs: number;
  sopClassUid: string;
  modality: string;
}
