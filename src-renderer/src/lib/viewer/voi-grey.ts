// The VOI LUT functions of DICOM PS3.3 C.11.2.1.2 and C.11.2.1.3 (LINEAR, LINEAR_EXACT, SIGMOID)
// and the file's VOI LUT table, each as the 8-bit grey level (0..255) of a modality value,
// computed and quantised as the engine's display-pixels.ts does: the canvas then shows the grey
// levels the model reads, not cornerstone-core's own window (LINEAR_EXACT-like for every file).
import type { WindowLevel } from '../../../../src-main/api/contract';
import type { FileVoiLut, VoiLutFunction } from '../../../../src-main/api/study-display';

/** Modality value -> grey level 0..255 (an integer). */
export type GreyOf = (x: number) => number;

/**
 * LINEAR (C.11.2.1.2.1), the function of a file that names none: x <= c - 0.5 - (w-1)/2 is black,
 * x > c - 0.5 + (w-1)/2 white, else ((x - (c - 0.5)) / (w - 1) + 0.5) * 255, truncated (as the
 * engine and dcmtk do). It needs w >= 1; W 1 is a threshold at c - 0.5 (c itself is white).
 */
export function linearGrey(w: WindowLevel): GreyOf {
  const width = Math.max(w.width, 1);
  const base = w.center - 0.5;
  const low = base - (width - 1) / 2;
  const high = base + (width - 1) / 2;
  const scale = width > 1 ? 255 / (width - 1) : 0;
  return (x) => (x <= low ? 0 : x > high ? 255 : Math.min(255, Math.floor((x - base) * scale + 127.5)));
}

/** Narrowest LINEAR_EXACT or SIGMOID width used: the functions only need w > 0. */
const MIN_WIDTH = 1e-6;

/**
 * LINEAR_EXACT (C.11.2.1.3.2): ((x - c) / w + 0.5) * 255, so black at or below c - w/2 and white
 * above c + w/2; any w > 0 is valid (W 0.5 included). Stored as a Uint8ClampedArray stores a
 * number (clamped, rounded half to even), as engine display-pixels.ts applyLinearExact does.
 */
export function linearExactGrey(w: WindowLevel): GreyOf {
  const width = w.width > 0 ? w.width : MIN_WIDTH;
  const cell = new Uint8ClampedArray(1);
  return (x) => {
    cell[0] = ((x - w.center) / width + 0.5) * 255;
    return cell[0];
  };
}

/** SIGMOID (C.11.2.1.3.1): 255 / (1 + exp(-4 (x - c) / w)), rounded; no clipping, the curve saturates. */
export function sigmoidGrey(w: WindowLevel): GreyOf {
  const k = -4 / Math.max(w.width, MIN_WIDTH);
  return (x) => Math.round(255 / (1 + Math.exp(k * (x - w.center))));
}

/** The window `w` through the file's VOI LUT Function (LINEAR when it names none). */
export function windowGrey(fn: VoiLutFunction | undefined, w: WindowLevel): GreyOf {
  if (fn === 'SIGMOID') return sigmoidGrey(w);
  if (fn === 'LINEAR_EXACT') return linearExactGrey(w);
  return linearGrey(w);
}

/**
 * The file's VOI LUT: entry round(x) - firstValueMapped, clamped to the first and last entries,
 * scaled from the entries' bits to 8 and rounded.
 */
export function fileLutGrey(lut: FileVoiLut): GreyOf {
  const last = lut.data.length - 1;
  const scale = 255 / (2 ** lut.bitsPerEntry - 1);
  return (x) => {
    const i = Math.min(last, Math.max(0, Math.round(x) - lut.firstValueMapped));
    return Math.min(255, Math.round(lut.data[i] * scale));
  };
}
