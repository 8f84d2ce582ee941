// The target sensitivity of a site calibration: default 0.95, strictly between 0.5 and 1.
import { AlveoError } from '../../api/errors';

export const DEFAULT_TARGET_SENSITIVITY = 0.95;

export function checkTargetSensitivity(s: number | undefined): number {
  const v = s ?? DEFAULT_TARGET_SENSITIVITY;
  if (typeof v !== 'number' || !(Number.isFinite(v) && v > 0.5 && v < 1)) {
    throw new AlveoError('BAD_ARGUMENT', `the target sensitivity must be between 0.5 and 1 (exclusive), got ${String(v)}`);
  }
  return v;
}
