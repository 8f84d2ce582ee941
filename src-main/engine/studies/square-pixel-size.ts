// The size at which an image shows its anatomy in proportion: pixels that are not square (Pixel
// Spacing or Pixel Aspect Ratio other than 1:1) are stretched along the axis of the larger spacing,
// as the viewer draws them, so a picture written for a reader (Grad-CAM and LIME PNGs, thumbnails,
// the Secondary Capture sent to PACS, which carries no spacing of its own) is not squashed.
import type { PixelSpacingInfo } from '../../api/study-display';

export interface PictureSize {
  width: number;
  height: number;
}

export function squarePixelSize(rows: number, columns: number, spacing?: Pick<PixelSpacingInfo, 'row' | 'column'>): PictureSize {
  const r = spacing?.row;
  const c = spacing?.column;
  if (!r || !c || !(r > 0) || !(c > 0) || Math.abs(r - c) <= 1e-6 * Math.max(r, c)) return { width: columns, height: rows };
  return r > c ? { width: columns, height: Math.max(1, Math.round((rows * r) / c)) } : { width: Math.max(1, Math.round((columns * c) / r)), height: rows };
}
