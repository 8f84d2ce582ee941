// What the hover readout and the pixel probe say about one pixel: its modality value to the
// precision the rescale gives (-1022.75 is not rounded to -1023), its unit when the file's
// Rescale Type names one, and the stored value it came from when a rescale changes it
// ("stored 3 → value -1022.75 HU"), so a pixel-value check can be made against either.

/** The file's Modality LUT as rescale slope/intercept (PS3.3 C.11.1.1.2), as the engine applies it. */
export interface Rescale {
  slope: number;
  intercept: number;
  /** Rescale Type (0028,1054) when it names a unit ("HU", "OD"); '' when absent or US (unspecified). */
  unit: string;
}

export interface PixelValue {
  value: number;
  /** The stored value, when a rescale makes it differ from `value`. */
  stored?: number;
  unit?: string;
  /** Decimals the rescale can give, when more than valueText's 3. */
  decimals?: number;
}

/** Decimal places a rescale can give (slope 0.5 and intercept -1024.25: 2), at most 6. */
function places(x: number): number {
  for (let d = 0; d < 6; d++) if (Math.abs(Math.round(x * 10 ** d) - x * 10 ** d) < 1e-6) return d;
  return 6;
}

/**
 * The rescale of a file from its attributes (RescaleSlope, RescaleIntercept, RescaleType), read as
 * the engine reads them (a slope of 0 or one not a number is 1); null when it changes nothing and
 * names no unit (JPEG, PNG, most radiographs).
 */
export function rescaleOf(attributes: Record<string, string>): Rescale | null {
  let slope = Number.parseFloat(attributes.RescaleSlope ?? '');
  let intercept = Number.parseFloat(attributes.RescaleIntercept ?? '');
  if (!Number.isFinite(slope) || slope === 0) slope = 1;
  if (!Number.isFinite(intercept)) intercept = 0;
  const type = (attributes.RescaleType ?? '').replace(/[^\x21-\x7e]/g, '').slice(0, 16);
  const unit = type.toUpperCase() === 'US' ? '' : type;
  return slope === 1 && intercept === 0 && !unit ? null : { slope, intercept, unit };
}

export function pixelValue(value: number, rescale: Rescale | null): PixelValue {
  if (!rescale) return { value };
  const unit = rescale.unit ? { unit: rescale.unit } : {};
  if (rescale.slope === 1 && rescale.intercept === 0) return { value, ...unit };
  const d = Math.max(places(rescale.slope), places(rescale.intercept));
  return { value, stored: Math.round((value - rescale.intercept) / rescale.slope), ...unit, ...(d > 3 ? { decimals: d } : {}) };
}

/**
 * A modality value with the decimals it can have: at least 3 (values the engine computed, a
 * colour image's luminance), more when the rescale has more; no trailing zeros. The values come
 * as 32-bit floats, whose noise below those decimals is not shown.
 */
export function valueText(v: number, decimals = 3): string {
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toFixed(Math.min(6, Math.max(3, decimals)))));
}

/** "value 812", "value 85.2 HU", "stored 1234 → value 85.2 HU". */
export function pixelValueText(p: PixelValue): string {
  const value = `value ${valueText(p.value, p.decimals)}${p.unit ? ` ${p.unit}` : ''}`;
  return p.stored === undefined ? value : `stored ${p.stored} → ${value}`;
}
