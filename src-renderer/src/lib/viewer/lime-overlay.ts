// LIME's top regions as a small canvas at the model's input size: each region in its legend
// colour, translucent inside and solid on its outline; everything else transparent. The viewport
// draws it over the image (scaled without smoothing, so region edges stay crisp).
import type { LimeExplanation } from '../../../../src-main/api/contract';

/** Alpha inside a region (the outline is opaque); the viewer's opacity slider multiplies both. */
const FILL_ALPHA = 110;

export function limeCanvas(expl: LimeExplanation): HTMLCanvasElement {
  const { size, segments } = expl;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) return canvas;
  const colour = new Map(expl.top.map((t) => [t.region, rgb(t.color)]));
  const img = ctx.createImageData(size, size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      const region = segments[i];
      const c = colour.get(region);
      if (!c) continue;
      const edge =
        (x > 0 && segments[i - 1] !== region) ||
        (x < size - 1 && segments[i + 1] !== region) ||
        (y > 0 && segments[i - size] !== region) ||
        (y < size - 1 && segments[i + size] !== region);
      img.data.set([c[0], c[1], c[2], edge ? 255 : FILL_ALPHA], i * 4);
    }
  }
  ctx.putImageData(img, 0, 0);
  return canvas;
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
