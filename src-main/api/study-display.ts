// How the file itself asks to be displayed and measured: its own window presets, its VOI LUT
// function and its pixel spacing. A leaf of the contract (types only), carried by StudyInfo.display.

/** One Window Center / Window Width pair of the file, with its Window Center & Width Explanation. */
export interface FileWindowPreset {
  center: number;
  width: number;
  /** The file's explanation for this pair ("LUNG", "Bone"...); '' when it gives none. */
  explanation: string;
}

/** VOI LUT Function (0028,1056); LINEAR when absent. */
export type VoiLutFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

/**
 * How far apart the pixels are, for drawing and measuring. Millimetres per pixel:
 * 'pixel-spacing': Pixel Spacing (0028,0030), calibrated to the patient or as the modality states;
 * 'imager-pixel-spacing': only Imager Pixel Spacing (0018,1164), so a length is measured at the
 * detector (magnified relative to the patient); 'pixel-spacing-at-detector': Pixel Spacing equal to
 * Imager Pixel Spacing with no Pixel Spacing Calibration Type, i.e. not corrected to the patient
 * either (PS3.3 10.7.1.3); 'imager-pixel-spacing-ermf': no Pixel Spacing, Imager Pixel Spacing
 * divided by the file's Estimated Radiographic Magnification Factor (0018,1114), an estimate at the
 * patient (see PixelSpacingFromErmf); 'nominal-scanned-pixel-spacing': neither, only Nominal Scanned
 * Pixel Spacing (0018,2010) of a digitised film or document (secondary capture), so a length is
 * measured on the scanned film, not at the patient. Not millimetres: 'pixel-aspect-ratio', none of
 * those but a Pixel Aspect Ratio other than 1\1 (see PixelAspectOnly). Absent: square pixels, no mm.
 */
export type PixelSpacingInfo = PixelSpacingAsStored | PixelSpacingFromErmf | PixelAspectOnly;

export interface PixelSpacingMm {
  /** Distance between rows (vertical), mm: what lengths are measured with. */
  row: number;
  /** Distance between columns (horizontal), mm. */
  column: number;
}

/** A spacing the file states as it is used. */
export interface PixelSpacingAsStored extends PixelSpacingMm {
  source: 'pixel-spacing' | 'imager-pixel-spacing' | 'pixel-spacing-at-detector' | 'nominal-scanned-pixel-spacing';
}

/**
 * Only the pixel's shape, from Pixel Aspect Ratio (0028,0034) other than 1\1: row and column are
 * its height and width in column widths (column is 1; "2\1" gives row 2), not mm. The viewer draws
 * the image with that aspect, and a length is in pixels counted along a row: a column step counts
 * 1, a row step counts row (a line as long on screen reads the same whichever way it runs, and an
 * angle is the angle as drawn). Nothing is claimed in mm.
 */
export interface PixelAspectOnly {
  source: 'pixel-aspect-ratio';
  /** Distance between rows in column widths (vertical size / horizontal size). */
  row: number;
  column: 1;
  /** Pixel Aspect Ratio as stored: vertical size, horizontal size. */
  aspect: { row: number; column: number };
}

/**
 * Imager Pixel Spacing ÷ Estimated Radiographic Magnification Factor (SID / SOD, at least 1): row
 * and column are the corrected spacing; the factor and the detector's spacing are kept to say so.
 * True only at the depth in the patient the estimate assumes.
 */
export interface PixelSpacingFromErmf extends PixelSpacingMm {
  source: 'imager-pixel-spacing-ermf';
  /** Estimated Radiographic Magnification Factor (0018,1114) the detector's spacing was divided by. */
  magnificationFactor: number;
  /** Imager Pixel Spacing as stored, mm (at the detector). */
  imager: PixelSpacingMm;
}

/**
 * The file's VOI LUT (the first of its VOI LUT Sequence, 0028,3010): how it asks to be shown by
 * default, and how the model reads it. Entries as stored; an input value v maps to
 * data[v - firstValueMapped], clamped to the first and last entries; out of 2^bitsPerEntry - 1.
 */
export interface FileVoiLut {
  firstValueMapped: number;
  bitsPerEntry: number;
  data: number[];
  /** The file's LUT Explanation (0028,3003), e.g. "SQRT": the LUT's name where it is shown. */
  explanation?: string;
}

/**
 * Pixel Padding Value (0028,0120), up to Pixel Padding Range Limit (0028,0121) when given: stored
 * values that lie outside the image (PS3.3 C.7.5.1.1.2). Those pixels are left out of the automatic
 * window and shown black (the darkest level, whatever the polarity, window or VOI LUT) to the model
 * and in the viewer; which pixels they are travels with the pixels (StudyImage.paddingMask).
 */
export interface PixelPaddingInfo {
  value: number;
  rangeLimit?: number;
  /** How many pixels of the frame are padding (at least 1). */
  pixels: number;
}

/**
 * The file's Modality LUT Sequence (0028,3000) made the values (not Rescale Slope/Intercept, which
 * the file may also give and which then means nothing): their stored values come with the pixels
 * (StudyImage.storedValues), and the readout names the unit the LUT's type gives.
 */
export interface ModalityLutInfo {
  /** Modality LUT Type (0028,3004) as the file gives it ("OD", "HU", "US"...), when it does. */
  type?: string;
  /** LUT Explanation (0028,3003), when given. */
  explanation?: string;
}

export interface StudyDisplay {
  presets: FileWindowPreset[];
  voiLutFunction: VoiLutFunction;
  /** Present when the file's default display is its VOI LUT (windowSource 'voi-lut'). */
  voiLut?: FileVoiLut;
  /** Absent when the file gives no spacing nor aspect (JPEG, PNG, most secondary captures): square pixels, lengths in pixels. */
  spacing?: PixelSpacingInfo;
  /** Present when some pixels of the frame are padding. */
  padding?: PixelPaddingInfo;
  /** Present when a Modality LUT Sequence made the values. */
  modalityLut?: ModalityLutInfo;
}
