// A grey-level function (voi-grey.ts) as a cornerstone-core VOI LUT table, indexed by the stored
// integers cornerstone holds (stored-pixels.ts), so every display function is drawn exactly, and
// for any range of modality values: the stored integers span at most 65,536 values whatever the
// values span (review 42 F5: past 65,536 values the SIGMOID and the file's VOI LUT were dropped).
//
// cornerstone-core 2 turns a stored value s into a modality value (image slope and intercept,
// which the loader sets to 1 and 0 for grayscale) and reads the table at that index; it infers
// the entries' bit depth from the largest entry and keeps the top 8 bits. Entries are therefore
// the grey level g times 257 (g * 257 >> 8 == g), and one full-scale entry past the last stored
// value makes the depth read 16 however dark the window leaves the image.
import type { Viewport } from 'cornerstone-core';
import type { StoredScale } from './stored-pixels';
import type { GreyOf } from './voi-grey';

export type VoiTable = NonNullable<Viewport['voiLUT']>;

/** `id` names the function and window: cornerstone reuses its cached lookup while the id is the same. */
export function voiTable(stored: StoredScale, grey: GreyOf, id: string): VoiTable {
  const entries = stored.maxStored - stored.minStored + 1;
  const lut = new Array<number>(entries + 1);
  for (let i = 0; i < entries; i++) lut[i] = grey(stored.intercept + (stored.minStored + i) * stored.slope) * 257;
  lut[entries] = 65535;
  return { id, firstValueMapped: stored.minStored, numBitsPerEntry: 16, lut };
}

