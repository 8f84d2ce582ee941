// LIME's top regions as a small canvas at the model's input size: each region in its legend
// colour, translucent inside and solid on its outline; everything else transparent. Their ranks
// are written over them at screen resolution (viewport-overlay.ts) from limeLabels. The viewport
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

/** Where a region's rank is written: its pixel nearest its centroid, as a fraction of the image. */
export interface RegionLabel {
  rank: number;
  x: number;
  y: number;
}

/**
 * Each top region's label position, so regions are told apart without relying on colour (the
 * legend lists the same numbers). A crescent's centroid can lie outside it: the region's own pixel
 * nearest to it is used.
 */
export function limeLabels(expl: LimeExplanation): RegionLabel[] {
  const { size, segments } = expl;
  const out: RegionLabel[] = [];
  for (const t of expl.top) {
    let sx = 0;
    let sy = 0;
    let n = 0;
    for (let i = 0; i < segments.length; i++) {
      if (segments[i] !== t.region) continue;
      sx += i % size;
      sy += Math.floor(i / size);
      n++;
    }
    if (!n) continue;
    const cx = sx / n;
    const cy = sy / n;
    let best = -1;
    let bestD = Infinity;
    for (let i = 0; i < segments.length; i++) {
      if (segments[i] !== t.region) continue;
      const d = (i % size - cx) ** 2 + (Math.floor(i / size) - cy) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    out.push({ rank: t.rank, x: ((best % size) + 0.5) / size, y: (Math.floor(best / size) + 0.5) / size });
  }
  return out;
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
