// Grad-CAM heat as a small colour canvas, drawn over the radiograph in cornerstone's image
// coordinate system on every render, so it follows zoom, pan and window/level changes.
import cornerstone, { type ImageRenderedDetail } from 'cornerstone-core';
import type { GradCam } from '../../../../src-main/api/contract';
import { heatAlpha, turbo } from './heat-colormap';

const MAX_SIDE = 512;

/** Colours the heat map once (downsampled: Grad-CAM is coarse by nature). */
export function heatCanvas(cam: GradCam): HTMLCanvasElement {
  const scale = Math.min(1, MAX_SIDE / Math.max(cam.rows, cam.columns));
  const w = Math.max(1, Math.round(cam.columns * scale));
  const h = Math.max(1, Math.round(cam.rows * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const img = ctx.createImageData(w, h);
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = turbo(i / 255);
    lut.set([r, g, b, Math.round(heatAlpha(i / 255) * 255)], i * 4);
  }
  for (let y = 0; y < h; y++) {
    const sy = Math.min(cam.rows - 1, Math.floor((y + 0.5) / scale));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(cam.columns - 1, Math.floor((x + 0.5) / scale));
      const v = cam.heat[sy * cam.columns + sx];
      const k = Math.max(0, Math.min(255, Math.round((Number.isFinite(v) ? v : 0) * 255))) * 4;
      img.data.set(lut.subarray(k, k + 4), (y * w + x) * 4);
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

/**
 * Draws an overlay canvas (the heat map, or LIME's regions) over the image just rendered (call
 * from the image-rendered event). `smooth`: interpolate when scaling (heat), or keep edges (regions).
 */
export function drawHeat(detail: ImageRenderedDetail, heat: HTMLCanvasElement, opacity: number, smooth = true): void {
  const ctx = detail.canvasContext;
  ctx.save();
  cornerstone.setToPixelCoordinateSystem(detail.enabledElement, ctx);
  ctx.globalAlpha = opacity;
  ctx.imageSmoothingEnabled = smooth;
  ctx.drawImage(heat, 0, 0, detail.image.columns, detail.image.rows);
  ctx.restore();
}
