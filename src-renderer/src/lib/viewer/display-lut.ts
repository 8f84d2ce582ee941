// The VOI LUT table cornerstone draws a grayscale image with, for a window: the file's VOI LUT at
// its default display, else the window through the file's VOI LUT Function (LINEAR when it names
// none). Always a table: cornerstone-core's own window is the LINEAR_EXACT formula, which drew
// LINEAR files off by up to a third of the width at narrow windows (review 42 F1). The grey
// levels are the engine's (src-main/api/voi-grey.ts), so the canvas shows what the model reads.
import type { StudyInfo, WindowLevel } from '../../../../src-main/api/contract';
import type { StudyDisplay } from '../../../../src-main/api/study-display';
import { fileLutLevels, windowLevels } from '../../../../src-main/api/voi-grey';
import { showsFileVoiLut } from './file-voi-lut';
import type { StoredScale } from './stored-pixels';
import { voiTable, type VoiTable } from './voi-table';

type LutSource = Pick<StudyInfo, 'window' | 'color'> & { display?: StudyDisplay };

/**
 * undefined for a colour image (each channel is windowed linearly by cornerstone's colour path).
 * `invert`: the viewport's polarity, which only padded pixels' entry depends on (voi-table.ts).
 */
export function displayLut(info: LutSource, stored: StoredScale, w: WindowLevel, invert = false): VoiTable | undefined {
  if (info.color) return undefined;
  const file = info.display?.voiLut;
  if (file && showsFileVoiLut(info, w)) return voiTable(stored, (v) => fileLutLevels(v, file), 'file-voi-lut', invert);
  const fn = info.display?.voiLutFunction ?? 'LINEAR';
  return voiTable(stored, (v) => windowLevels(fn, v, w), `${fn} ${w.center} ${w.width}`, invert);
}
