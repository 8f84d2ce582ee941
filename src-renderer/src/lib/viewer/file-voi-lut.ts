// The file's own VOI LUT as a cornerstone VOI LUT table, so the default display is the one the
// file asks for and the model reads (engine display-pixels.ts applyVoiLut), not a linear window
// over the LUT's input range. cornerstone-core 2 infers the entries' bit depth from the largest
// entry and maps values past the table to its last entry; the table is therefore scaled to 16
// bits, extended over the image's values with the last entry, and closed by one full-scale entry
// past every value, so the depth always reads 16 and the file's bits per entry keep their meaning.
import type { Viewport } from 'cornerstone-core';
import type { StudyInfo, WindowLevel } from '../../../../src-main/api/contract';
import type { FileVoiLut, StudyDisplay } from '../../../../src-main/api/study-display';

/** Longest table built; cornerstone scans it with Math.max(...lut), which must stay within argument limits. */
const MAX_ENTRIES = 65536;

/** Entries of the table built for `lut`, or 0 when none can be (empty, or too long). */
function tableEntries(lut: FileVoiLut, maxValue: number): number {
  const n = lut.data.length;
  const entries = Math.max(n, Math.ceil(maxValue) - lut.firstValueMapped + 1);
  return n && entries <= MAX_ENTRIES ? entries : 0;
}

export function fileVoiLut(lut: FileVoiLut, maxValue: number): Viewport['voiLUT'] {
  const n = lut.data.length;
  const entries = tableEntries(lut, maxValue);
  if (!entries) return undefined;
  const scale = 65535 / (2 ** lut.bitsPerEntry - 1);
  const table = new Array<number>(entries + 1);
  for (let i = 0; i < entries; i++) table[i] = Math.round(lut.data[Math.min(i, n - 1)] * scale);
  table[entries] = 65535;
  return { firstValueMapped: lut.firstValueMapped, numBitsPerEntry: 16, lut: table };
}

type LutSource = Pick<StudyInfo, 'window' | 'maxValue'> & { display?: StudyDisplay };

/**
 * Whether window `w` is drawn with the file's VOI LUT: the default window of a file whose default
 * display is its LUT (any other window, a drag or a preset, is linear). The corners and the study
 * panel then name the LUT, not a linear W/L that is not what is on screen.
 */
export function showsFileVoiLut(info: LutSource, w: WindowLevel): boolean {
  const lut = info.display?.voiLut;
  return lut !== undefined && w.center === info.window.center && w.width === info.window.width && tableEntries(lut, info.maxValue) > 0;
}

/** The file's VOI LUT as a reader names it, with its LUT Explanation (0028,3003) when it gives one: "VOI LUT: SQRT". */
export function voiLutName(explanation: string | undefined): string {
  return explanation ? `VOI LUT: ${explanation}` : 'VOI LUT';
}
