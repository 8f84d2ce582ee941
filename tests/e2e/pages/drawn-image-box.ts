// Where the image lies on a viewport's canvas, read from its pixels: the bounding box of every
// pixel brighter than the black the canvas is cleared to. For geometry checks (aspect, fit, turns)
// on images whose every pixel is drawn well above black.
import type { Page } from 'playwright-core';

interface PageCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}
declare const document: { querySelector<T = PageCanvas>(selector: string): T | null };

/** Canvas pixels: the image's drawn box (right and bottom exclusive) and the canvas size. */
export interface DrawnImageBox {
  left: number;
  top: number;
  width: number;
  height: number;
  canvasWidth: number;
  canvasHeight: number;
}

export function drawnImageBox(page: Page, viewport = 'viewport', threshold = 40): Promise<DrawnImageBox> {
  return page.evaluate(
    ({ viewport, threshold }) => {
      const c = document.querySelector<PageCanvas>(`[data-testid="${viewport}"] canvas`);
      if (!c) throw new Error('no viewer canvas');
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let left = c.width;
      let top = c.height;
      let right = -1;
      let bottom = -1;
      for (let y = 0; y < c.height; y++) {
        for (let x = 0; x < c.width; x++) {
          const i = 4 * (y * c.width + x);
          if (Math.max(d[i], d[i + 1], d[i + 2]) <= threshold) continue;
          if (x < left) left = x;
          if (x > right) right = x;
          if (y < top) top = y;
          if (y > bottom) bottom = y;
        }
      }
      return { left, top, width: right - left + 1, height: bottom - top + 1, canvasWidth: c.width, canvasHeight: c.height };
    },
    { viewport, threshold },
  );
}
