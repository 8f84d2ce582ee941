// Pixel Aspect Ratio (0028,0034): the pixel's height to its width ("2\1": rows twice as far apart
// as columns), given by files that state no spacing in mm. Without it such an image is drawn
// squashed, and a length or angle across rows and columns means nothing.
import type { DataSet } from 'dicom-parser';
import type { PixelAspectOnly } from '../../../api/study-display';

/** The pixel's shape in column widths when the file gives a usable ratio other than 1\1; else undefined (square). */
export function readPixelAspect(ds: DataSet): PixelAspectOnly | undefined {
  if (!ds.elements.x00280034) return undefined;
  const parts = (ds.string('x00280034') ?? '').split('\\').map((s) => s.trim());
  if (parts.length !== 2 || parts.some((s) => !/^\+?\d+(\.\d*)?$/.test(s))) return undefined;
  const [row, column] = parts.map(Number);
  if (!(row > 0 && column > 0) || row === column) return undefined;
  return { row: row / column, column: 1, source: 'pixel-aspect-ratio', aspect: { row, column } };
}

/**
 * A Pixel Aspect Ratio the file gives but that says no shape (0, negative, one value, not a number):
 * its text, for a note that the pixels are drawn square; undefined when absent or usable.
 */
export function unusablePixelAspect(ds: DataSet): string | undefined {
  if (!ds.elements.x00280034 || readPixelAspect(ds)) return undefined;
  const text = (ds.string('x00280034') ?? '').replace(/[^\x20-\x7e]/g, '').trim().slice(0, 32);
  const parts = text.split('\\').map((p) => Number(p.trim()));
  // Equal positive values (1\1, 5\5) are square pixels, said rightly: nothing to note.
  if (parts.length === 2 && parts[0] > 0 && parts[0] === parts[1]) return undefined;
  return text;
}
