// The VOI LUT table cornerstone draws a grayscale image with, for a window: the file's VOI LUT at
// its default display, else the window through the file's VOI LUT Function (LINEAR when it names
// none). Always a table: cornerstone-core's own window is the LINEAR_EXACT formula, which drew
// LINEAR files off by up to a third of the width at narrow windows (review 42 F1).
import type { StudyInfo, WindowLevel } from '../../../../src-main/api/contract';
import type { StudyDisplay } from '../../../../src-main/api/study-display';
import { showsFileVoiLut } from './file-voi-lut';
import type { StoredScale } from './stored-pixels';
import { fileLutGrey, windowGrey } from './voi-grey';
import { voiTable, type VoiTable } from './voi-table';

type LutSource = Pick<StudyInfo, 'window' | 'color'> & { display?: StudyDisplay };

/** undefined for a colour image (each channel is windowed linearly by cornerstone's colour path). */
export function displayLut(info: LutSource, stored: StoredScale, w: WindowLevel): VoiTable | undefined {
  if (info.color) return undefined;
  const file = info.display?.voiLut;
  if (file && showsFileVoiLut(info, w)) return voiTable(stored, fileLutGrey(file), 'file-voi-lut');
  const fn = info.display?.voiLutFunction ?? 'LINEAR';
  return voiTable(stored, windowGrey(fn, w), `${fn} ${w.center} ${w.width}`);
}
