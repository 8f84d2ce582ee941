// The file's own VOI LUT as a cornerstone VOI LUT table, so the default display is the one the
// file asks for and the model reads (engine display-pixels.ts applyVoiLut), not a linear window
// over the LUT's input range. cornerstone-core 2 infers the entries' bit depth from the largest
// entry and maps values past the table to its last entry; the table is therefore scaled to 16
// bits, extended over the image's values with the last entry, and closed by one full-scale entry
// past every value, so the depth always reads 16 and the file's bits per entry keep their meaning.
import type { Viewport } from 'cornerstone-core';
import type { FileVoiLut } from '../../../../src-main/api/study-display';

/** Longest table built; cornerstone scans it with Math.max(...lut), which must stay within argument limits. */
const MAX_ENTRIES = 65536;

export function fileVoiLut(lut: FileVoiLut, maxValue: number): Viewport['voiLUT'] {
  const n = lut.data.length;
  if (!n) return undefined;
  const entries = Math.max(n, Math.ceil(maxValue) - lut.firstValueMapped + 1);
  if (entries > MAX_ENTRIES) return undefined;
  const scale = 65535 / (2 ** lut.bitsPerEntry - 1);
  const table = new Array<number>(entries + 1);
  for (let i = 0; i < entries; i++) table[i] = Math.round(lut.data[Math.min(i, n - 1)] * scale);
  table[entries] = 65535;
  return { firstValueMapped: lut.firstValueMapped, numBitsPerEntry: 16, lut: table };
}
