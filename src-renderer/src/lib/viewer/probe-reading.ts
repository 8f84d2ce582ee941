// What the pixel probe reads where it is placed: the pixel its circle is drawn on, and there the
// engine's modality value (the one the hover readout shows), with the stored value and unit; a
// padded pixel (outside the image) is said to be padding, its padding value being no measurement.
import { pixelValue, type Rescale } from './pixel-value';
import type { ProbeStats } from './probe-text';

/** The engine's values beside cornerstone's repacked pixels, and the file's rescale. */
export interface StudyPixels {
  values: Float32Array;
  columns: number;
  rows: number;
  rescale: Rescale | null;
  /** 1 where the pixel is padding (StudyImage.paddingMask): read as padding, not as a value. */
  paddingMask?: Uint8Array;
  /** The stored values, when a Modality LUT made the values (StudyImage.storedValues). */
  storedValues?: Int32Array;
}

/**
 * The pixel under image point `p`. cornerstone's image coordinates put pixel i at [i, i+1), as
 * the canvas draws it and the hover readout reads it; cornerstone-tools' ProbeTool rounds, which
 * read the right or lower neighbour from the middle of a pixel on (review 42 F4).
 */
export function probedPixel(p: { x: number; y: number }): { x: number; y: number } {
  return { x: Math.floor(p.x), y: Math.floor(p.y) };
}

/** The probe's reading at image point `p`; {} off the image (nothing is listed or drawn then). */
export function probeReading(p: { x: number; y: number }, pixels: StudyPixels): ProbeStats {
  const { x, y } = probedPixel(p);
  if (!(x >= 0 && y >= 0 && x < pixels.columns && y < pixels.rows)) return {};
  const i = y * pixels.columns + x;
  if (pixels.paddingMask?.[i]) return { x, y, padding: true };
  const v = pixelValue(pixels.values[i], pixels.rescale, pixels.storedValues?.[i]);
  return { x, y, mo: v.value, ...(v.stored !== undefined ? { stored: v.stored } : {}), ...(v.unit ? { unit: v.unit } : {}), ...(v.decimals ? { decimals: v.decimals } : {}) };
}
