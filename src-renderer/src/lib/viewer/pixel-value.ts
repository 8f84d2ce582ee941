// What the hover readout and the pixel probe say about one pixel: its modality value to the
// precision the rescale gives (-1022.75 is not rounded to -1023), its unit when the file's
// Rescale Type (or Modality LUT Type) names one, and the stored value it came from when a rescale
// or a Modality LUT changes it ("stored 3 → value -1022.75 HU"), so a pixel-value check can be
// made against either.
import type { StudyDisplay } from '../../../../src-main/api/study-display';

/**
 * The file's modality transformation as the engine applies it: rescale slope/intercept (PS3.3
 * C.11.1.1.2), or its Modality LUT Sequence (C.11.1.1.1, `lut`), whose stored values come with the
 * pixels (StudyImage.storedValues) since the table cannot be run backwards.
 */
export interface Rescale {
  slope: number;
  intercept: number;
  /** Rescale Type (0028,1054) or Modality LUT Type (0028,3004) when it names a unit ("HU", "OD"); '' when absent or US (unspecified). */
  unit: string;
  /** The values are a Modality LUT's output (slope 1, intercept 0 then stand for nothing). */
  lut?: true;
}

export interface PixelValue {
  value: number;
  /** The stored value, when a rescale or a Modality LUT makes it differ from `value`. */
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

/** A Rescale Type or Modality LUT Type as a unit: printable, at most 16 characters; US (unspecified) is none. */
function unitOf(type: string): string {
  const unit = type.replace(/[^\x21-\x7e]/g, '').slice(0, 16);
  return unit.toUpperCase() === 'US' ? '' : unit;
}

/**
 * The rescale of a file from its attributes (RescaleSlope, RescaleIntercept, RescaleType), read as
 * the engine reads them (a slope of 0 or one not a number is 1); null when it changes nothing and
 * names no unit (JPEG, PNG, most radiographs). A Modality LUT Sequence (display.modalityLut) is
 * used instead of the rescale when the file gives one, as the engine does.
 */
export function rescaleOf(attributes: Record<string, string>, display?: Pick<StudyDisplay, 'modalityLut'>): Rescale | null {
  const lut = display?.modalityLut;
  if (lut) return { slope: 1, intercept: 0, unit: unitOf(lut.type ?? ''), lut: true };
  let slope = Number.parseFloat(attributes.RescaleSlope ?? '');
  let intercept = Number.parseFloat(attributes.RescaleIntercept ?? '');
  if (!Number.isFinite(slope) || slope === 0) slope = 1;
  if (!Number.isFinite(intercept)) intercept = 0;
  const unit = unitOf(attributes.RescaleType ?? '');
  return slope === 1 && intercept === 0 && !unit ? null : { slope, intercept, unit };
}

/** `stored`: the pixel's stored value, when the pixels came with theirs (a Modality LUT). */
export function pixelValue(value: number, rescale: Rescale | null, stored?: number): PixelValue {
  if (!rescale) return { value };
  const unit = rescale.unit ? { unit: rescale.unit } : {};
  if (rescale.lut) return { value, ...(stored !== undefined ? { stored } : {}), ...unit };
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

/**
 * What the readout and the probe say over a padded pixel (Pixel Padding Value): it lies outside the
 * image and is drawn black, and its padding value is not a measurement of the patient.
 */
export const PADDING_TEXT = 'padding (outside the image)';

/** "value 812", "value 85.2 HU", "stored 1234 → value 85.2 HU". */
export function pixelValueText(p: PixelValue): string {
  const value = `value ${valueText(p.value, p.decimals)}${p.unit ? ` ${p.unit}` : ''}`;
  return p.stored === undefined ? value : `stored ${p.stored} → ${value}`;
}
