// The SIGMOID VOI LUT function (PS3.3 C.11.2.1.3.1) as a cornerstone VOI LUT, rebuilt for each
// window: cornerstone-core 2 only knows the linear function, but renders any VOI LUT table.
import type { Viewport } from 'cornerstone-core';
import type { WindowLevel } from '../../../../src-main/api/contract';

/** Longest table built; cornerstone scans it with Math.max(...lut), which must stay within argument limits. */
const MAX_ENTRIES = 65536;

export function sigmoidLut(w: WindowLevel, minValue: number, maxValue: number): Viewport['voiLUT'] {
  const first = Math.floor(minValue);
  const entries = Math.ceil(maxValue) - first + 1;
  if (!(entries > 0) || entries > MAX_ENTRIES) return undefined;
  const lut = new Array<number>(entries + 1);
  const k = -4 / Math.max(w.width, 1e-6);
  for (let i = 0; i < entries; i++) lut[i] = Math.round(65535 / (1 + Math.exp(k * (first + i - w.center))));
  // One entry past the values, at full scale: cornerstone infers the entry depth from the largest
  // entry, so the table always reads as 16-bit however dark the window leaves the image.
  lut[entries] = 65535;
  return { firstValueMapped: first, numBitsPerEntry: 16, lut };
}
