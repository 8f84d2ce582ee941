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
