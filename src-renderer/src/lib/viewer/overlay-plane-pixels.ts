// An overlay plane (60xx) as RGBA pixels over the part of the image it covers, one pixel per
// overlay bit, as dcmtk draws it by default: a graphics plane (G) white where its bit is set
// ("Replace" mode, foreground density 1); a region-of-interest plane (R) dims the image where its
// bit is not set, inside the plane's rectangle, to 1/16 (dcmtk's "Region of Interest" mode shifts
// those pixels right by half their bits). Pure: no DOM, so it is tested in Node.
import type { OverlayPlane } from '../../../../src-main/api/overlay-plane';

export interface OverlayPlanePixels {
  /** Image column and row of the top-left pixel of `rgba`. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** width x height RGBA, row-major. */
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

/** 15/16 black over the image leaves 1/16 of it, as dcmtk's ROI mode does. */
const ROI_DIM_ALPHA = 240;

/** The plane clipped to an image of `rows` x `columns`; null when none of it falls on the image. */
export function overlayPlanePixels(plane: OverlayPlane, rows: number, columns: number): OverlayPlanePixels | null {
  const x0 = Math.max(0, plane.left);
  const y0 = Math.max(0, plane.top);
  const x1 = Math.min(columns, plane.left + plane.columns);
  const y1 = Math.min(rows, plane.top + plane.rows);
  if (x1 <= x0 || y1 <= y0) return null;
  const width = x1 - x0;
  const height = y1 - y0;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const roi = plane.type === 'R';
  for (let y = 0; y < height; y++) {
    const row = y + y0 - plane.top;
    for (let x = 0; x < width; x++) {
      const i = row * plane.columns + (x + x0 - plane.left);
      const on = (plane.bits[i >> 3] >> (i & 7)) & 1;
      const o = (y * width + x) * 4;
      if (!roi && on) {
        rgba[o] = 255;
        rgba[o + 1] = 255;
        rgba[o + 2] = 255;
        rgba[o + 3] = 255;
      } else if (roi && !on) rgba[o + 3] = ROI_DIM_ALPHA;
    }
  }
  return { x: x0, y: y0, width, height, rgba };
}
