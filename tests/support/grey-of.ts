// One value's grey level through the shared VOI functions (src-main/api/voi-grey.ts, which map
// whole arrays): what a test asks of a single pixel.
import type { WindowLevel } from '../../src-main/api/shared';
import type { VoiLutFunction } from '../../src-main/api/study-display';
import { fileLutLevels, linearExactLevels, linearLevels, sigmoidLevels, windowLevels, type GreyLevels, type VoiLutTable } from '../../src-main/api/voi-grey';

/** Modality value -> grey level 0..255 (an integer). */
export type GreyOf = (x: number) => number;

function one(levels: GreyLevels): GreyOf {
  return (x) => levels([x])[0];
}

export const linearGrey = (w: WindowLevel): GreyOf => one((v) => linearLevels(v, w));
export const linearExactGrey = (w: WindowLevel): GreyOf => one((v) => linearExactLevels(v, w));
export const sigmoidGrey = (w: WindowLevel): GreyOf => one((v) => sigmoidLevels(v, w));
export const windowGrey = (fn: VoiLutFunction | undefined, w: WindowLevel): GreyOf => one((v) => windowLevels(fn, v, w));
export const fileLutGrey = (lut: VoiLutTable): GreyOf => one((v) => fileLutLevels(v, lut));
