// What the pixel probe reads where it is placed: the pixel its circle is drawn on, and there the
// engine's modality value (the one the hover readout shows), with the stored value and unit.
import { pixelValue, type Rescale } from './pixel-value';
import type { ProbeStats } from './probe-text';

/** The engine's values beside cornerstone's repacked pixels, and the file's rescale. */
export interface StudyPixels {
  values: Float32Array;
  columns: number;
  rows: number;
  rescale: Rescale | null;
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
  const v = pixelValue(pixels.values[y * pixels.columns + x], pixels.rescale);
  return { x, y, mo: v.value, ...(v.stored !== undefined ? { stored: v.stored } : {}), ...(v.unit ? { unit: v.unit } : {}), ...(v.decimals ? { decimals: v.decimals } : {}) };
}
