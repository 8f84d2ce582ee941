// Grey levels (src-main/api/voi-grey.ts, the engine's own formulas) as a cornerstone-core
// VOI LUT table, indexed by the stored integers cornerstone holds (stored-pixels.ts), so every
// display function is drawn exactly, and for any range of modality values: the stored integers
// span at most 65,536 values whatever the values span (review 42 F5: past 65,536 values the
// SIGMOID and the file's VOI LUT were dropped).
//
// cornerstone-core 2 turns a stored value s into a modality value (image slope and intercept,
// which the loader sets to 1 and 0 for grayscale) and reads the table at that index; it infers
// the entries' bit depth from the largest entry and keeps the top 8 bits. Entries are therefore
// the grey level g times 257 (g * 257 >> 8 == g), and one full-scale entry past the last stored
// value makes the depth read 16 however dark the window leaves the image.
//
// Padded pixels' stored integer (StoredScale.padding) reads black, after the polarity: cornerstone
// inverts after the table (255 - g), so the entry is white when `invert` and the table depends on it.
import type { Viewport } from 'cornerstone-core';
import type { GreyLevels } from '../../../../src-main/api/voi-grey';
import { storedRange, type StoredScale } from './stored-pixels';

export type VoiTable = NonNullable<Viewport['voiLUT']>;

/**
 * `levels` gives the grey levels of modality values; `id` names the function and window:
 * cornerstone reuses its cached lookup while the id is the same.
 */
export function voiTable(stored: StoredScale, levels: GreyLevels, id: string, invert = false): VoiTable {
  const { low, high } = storedRange(stored);
  const entries = high - low + 1;
  const values = new Float64Array(entries);
  for (let i = 0; i < entries; i++) values[i] = stored.intercept + (low + i) * stored.slope;
  const grey = levels(values);
  const lut = new Array<number>(entries + 1);
  for (let i = 0; i < entries; i++) lut[i] = grey[i] * 257;
  if (stored.padding !== undefined) lut[stored.padding - low] = invert ? 65535 : 0;
  lut[entries] = 65535;
  return { id: stored.padding === undefined ? id : `${id} padding ${invert ? 'inverted' : 'upright'}`, firstValueMapped: low, numBitsPerEntry: 16, lut };
}
