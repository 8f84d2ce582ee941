// Number formatting for readouts: integers as they are, small values with sensible precision.
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) || Math.abs(v) >= 1000) return Math.round(v).toString();
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(3);
}

export function percent(v: number, digits = 1): string {
  return `${(v * 100).toFixed(digits)}%`;
}

/**
 * A model score as a percentage that never claims certainty it does not have: 0.9996 is "> 99.9%",
 * not "100.0%", and 0.0003 is "< 0.1%"; only exactly 0 and 1 read 0.0% and 100.0%.
 */
export function scorePercent(v: number): string {
  if (v < 1 && v >= 0.9995) return '> 99.9%';
  if (v > 0 && v < 0.0005) return '< 0.1%';
  return percent(v);
}

/**
 * Window width or level: whole numbers once the image spans more than a few hundred values, but
 * not below 10, where rounding would misname a narrow window (a LINEAR_EXACT W 0.5 is not W 1).
 */
export function formatWindowValue(v: number, span: number): string {
  return span >= 200 && Number.isFinite(v) && Math.abs(v) >= 10 ? Math.round(v).toString() : formatValue(v);
}

/** A model card's metrics split in words (cards name them validation, validationShifted, …). */
export function splitName(key: string): string {
  if (key === 'validation') return 'validation (same cohorts as training)';
  if (key === 'validationShifted') return 'validation on held-out cohorts';
  return key;
}
