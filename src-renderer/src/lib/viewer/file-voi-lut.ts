// When the file's own VOI LUT is on screen, and its name. The table itself is drawn through
// src-main/api/voi-grey.ts fileLutGrey and voi-table.ts (the formula engine display-pixels.ts uses, so
// the default display is the one the file asks for and the model reads), whatever the range of
// the image's values.
import type { StudyInfo, WindowLevel } from '../../../../src-main/api/contract';
import type { StudyDisplay } from '../../../../src-main/api/study-display';

type LutSource = Pick<StudyInfo, 'window'> & { display?: StudyDisplay };

/**
 * Whether window `w` is drawn with the file's VOI LUT: the default window of a file whose default
 * display is its LUT (any other window, a drag or a preset, goes through the VOI LUT Function).
 * The corners and the study panel then name the LUT, not a W/L that is not what is on screen.
 */
export function showsFileVoiLut(info: LutSource, w: WindowLevel): boolean {
  const lut = info.display?.voiLut;
  return lut !== undefined && lut.data.length > 0 && w.center === info.window.center && w.width === info.window.width;
}

/** The file's VOI LUT as a reader names it, with its LUT Explanation (0028,3003) when it gives one: "VOI LUT: SQRT". */
export function voiLutName(explanation: string | undefined): string {
  return explanation ? `VOI LUT: ${explanation}` : 'VOI LUT';
}
