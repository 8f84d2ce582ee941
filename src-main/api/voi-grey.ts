// The VOI LUT functions of DICOM PS3.3 C.11.2.1.2 and C.11.2.1.3 (LINEAR, LINEAR_EXACT, SIGMOID)
// and the file's VOI LUT table, as the 8-bit grey levels (0..255) of modality values. The one
// source of these formulas: the engine maps whole images through them (display-pixels.ts, what
// the model reads) and the viewer builds cornerstone's table from them (voi-table.ts, what the
// canvas draws), so both show the same grey for the same value. Pure, no imports at run time.
//
// Each takes a whole array and loops over it itself: a 9-Mpixel image is mapped at the speed of
// one inlined loop (a grey function called per pixel made LINEAR_EXACT three times slower).
import type { WindowLevel } from './shared';
import type { FileVoiLut, VoiLutFunction } from './study-display';

/** Modality values -> their grey levels, one byte each. */
export type GreyLevels = (values: ArrayLike<number>) => Uint8Array;

/** A VOI LUT table as both sides hold it (the engine's entries in a Uint16Array, the contract's in an array). */
export type VoiLutTable = Pick<FileVoiLut, 'firstValueMapped' | 'bitsPerEntry'> & { data: ArrayLike<number> };

/**
 * LINEAR (C.11.2.1.2.1), the function of a file that names none: x <= c - 0.5 - (w-1)/2 is black,
 * x > c - 0.5 + (w-1)/2 white, else ((x - (c - 0.5)) / (w - 1) + 0.5) * 255, truncated (as dcmtk
 * does). It needs w >= 1; W 1 is a threshold at c - 0.5 (c itself is white).
 */
export function linearLevels(values: ArrayLike<number>, w: WindowLevel): Uint8Array {
  const out = new Uint8Array(values.length);
  const width = Math.max(w.width, 1);
  const base = w.center - 0.5;
  const low = base - (width - 1) / 2;
  const high = base + (width - 1) / 2;
  const scale = width > 1 ? 255 / (width - 1) : 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x <= low) out[i] = 0;
    else if (x > high) out[i] = 255;
    else out[i] = Math.min(255, Math.floor((x - base) * scale + 127.5));
  }
  return out;
}

/** Narrowest LINEAR_EXACT or SIGMOID width used: the functions only need w > 0. */
const MIN_WIDTH = 1e-6;

/**
 * LINEAR_EXACT (C.11.2.1.3.2): ((x - c) / w + 0.5) * 255, so black at or below c - w/2 and white
 * above c + w/2; any w > 0 is valid (W 0.5 included). Quantised as a Uint8ClampedArray stores a
 * number (clamped, rounded half to even), which is also how cornerstone's linear path stores it.
 */
export function linearExactLevels(values: ArrayLike<number>, w: WindowLevel): Uint8Array {
  const out = new Uint8Array(values.length);
  const levels = new Uint8ClampedArray(out.buffer);
  const width = w.width > 0 ? w.width : MIN_WIDTH;
  for (let i = 0; i < values.length; i++) levels[i] = ((values[i] - w.center) / width + 0.5) * 255;
  return out;
}

/** SIGMOID (C.11.2.1.3.1): 255 / (1 + exp(-4 (x - c) / w)), rounded; no clipping, the curve saturates. */
export function sigmoidLevels(values: ArrayLike<number>, w: WindowLevel): Uint8Array {
  const out = new Uint8Array(values.length);
  const k = -4 / Math.max(w.width, MIN_WIDTH);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(255 / (1 + Math.exp(k * (values[i] - w.center))));
  return out;
}

/** The window `w` through the file's VOI LUT Function (LINEAR when it names none). */
export function windowLevels(fn: VoiLutFunction | undefined, values: ArrayLike<number>, w: WindowLevel): Uint8Array {
  if (fn === 'SIGMOID') return sigmoidLevels(values, w);
  if (fn === 'LINEAR_EXACT') return linearExactLevels(values, w);
  return linearLevels(values, w);
}

/**
 * The file's VOI LUT: entry round(x) - firstValueMapped, clamped to the first and last entries,
 * scaled from the entries' bits to 8 and rounded; an entry above its bits (a malformed table) is
 * white, not wrapped round to a dark level.
 */
export function fileLutLevels(values: ArrayLike<number>, lut: VoiLutTable): Uint8Array {
  const out = new Uint8Array(values.length);
  const data = lut.data;
  const last = data.length - 1;
  const scale = 255 / (2 ** lut.bitsPerEntry - 1);
  for (let i = 0; i < values.length; i++) {
    let idx = Math.round(values[i]) - lut.firstValueMapped;
    if (idx < 0) idx = 0;
    else if (idx > last) idx = last;
    out[i] = Math.min(255, Math.round(data[idx] * scale));
  }
  return out;
}
