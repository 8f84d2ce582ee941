// What the pixel probe says, on the image and in the measurement list: the engine's modality value
// at the pixel, with its unit and the stored value when a rescale applies, as the hover readout
// says it (pixel-value.ts). Never cornerstone's own "SP": the viewer repacks pixels for
// cornerstone (stored-pixels.ts), so its SP is not the file's stored value and would mislead.
import { PADDING_TEXT, pixelValueText } from './pixel-value';

export interface ProbeStats {
  x?: number;
  y?: number;
  mo?: number;
  stored?: number;
  unit?: string;
  decimals?: number;
  /** The pixel is padding (Pixel Padding Value): outside the image, no value to read. */
  padding?: true;
}

/** "value 812", "value -1022.75 HU", "stored 3 → value -1022.75": three decimals at least, no trailing zeros. */
export function probeValue(stats: ProbeStats): string {
  if (stats.padding) return PADDING_TEXT;
  const { stored, unit, decimals } = stats;
  return pixelValueText({ value: stats.mo ?? 0, ...(stored !== undefined ? { stored } : {}), ...(unit ? { unit } : {}), ...(decimals ? { decimals } : {}) });
}

/** The two lines drawn beside the probe: its value, then its pixel. */
export function probeLabel(stats: ProbeStats): [string, string] {
  return [probeValue(stats), `(${stats.x}, ${stats.y})`];
}

/** The measurement list's line. */
export function probeListText(stats: ProbeStats): string {
  return `${probeValue(stats)} at (${stats.x}, ${stats.y})`;
}
