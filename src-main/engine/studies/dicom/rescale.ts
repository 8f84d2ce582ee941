// Rescale Slope / Intercept as the file gives them, unless they cannot be applied: a slope of 0
// (every pixel one value), a value that is no number, or one so large that the modality values
// pass what a float can hold (Rescale Slope 1e308 made every pixel Infinity, and the model read
// NaN; review 45 F10). Those are not used, and the study says so.
import type { DataSet } from 'dicom-parser';

/** Modality values beyond this are no measurement: they also overflow the window arithmetic. */
const MAX_VALUE = 1e30;

export interface Rescale {
  slope: number;
  intercept: number;
  /** Why the file's rescale was not used, when it was not. */
  note?: string;
}

export function readRescale(ds: DataSet, bitsStored: number): Rescale {
  const slope = ds.floatString('x00281053') ?? 1;
  const intercept = ds.floatString('x00281052') ?? 0;
  const said = `Rescale Slope ${ds.string('x00281053') ?? '1'}, Intercept ${ds.string('x00281052') ?? '0'}`;
  if (!Number.isFinite(slope) || !Number.isFinite(intercept)) return { slope: 1, intercept: 0, note: `${said} is not a number: not used (stored values shown)` };
  if (slope === 0) return { slope: 1, intercept: 0, note: `${said}: a slope of 0 makes every pixel one value; not used (stored values shown)` };
  const reach = 2 ** Math.min(bitsStored, 32) * Math.abs(slope) + Math.abs(intercept);
  if (reach > MAX_VALUE) return { slope: 1, intercept: 0, note: `${said} would take values past ±${MAX_VALUE} (no image holds such values): not used (stored values shown)` };
  return { slope, intercept };
}
