// The LIME overlay the CLI writes: the study as displayed (full size), each named region tinted
// in its legend colour with a solid outline, the rest left plain gray. The superpixel map is at
// the model's input size; each study pixel takes the region of the model pixel it squashes to.
import sharp from 'sharp';
import type { LimeExplanation } from '../../api/explanation';
import { PRIVATE_FILE_MODE, writeFileAtomic } from '../files/atomic-files';
import { displayPixels } from '../studies/display-pixels';
import type { Study } from '../studies/study';
import { squarePixelSize } from '../studies/square-pixel-size';

/** Opacity of a region's tint: the anatomy under it stays readable. */
const TINT = 0.4;

export function limeOverlay(gray: Uint8Array, rows: number, columns: number, expl: LimeExplanation): Uint8Array {
  if (gray.length !== rows * columns) throw new Error(`LIME overlay: ${gray.length} pixels for ${columns}x${rows}`);
  const { size, segments } = expl;
  const colour = new Map(expl.top.map((t) => [t.region, hexRgb(t.color)]));
  const rowOf = Int32Array.from({ length: rows }, (_, r) => Math.min(size - 1, Math.floor(((r + 0.5) * size) / rows)));
  const colOf = Int32Array.from({ length: columns }, (_, c) => Math.min(size - 1, Math.floor(((c + 0.5) * size) / columns)));
  const regionAt = (r: number, c: number) => segments[rowOf[r] * size + colOf[c]];
  // Outlines about 2 px on a 1000 px image, at least 1.
  const t = Math.max(1, Math.round(Math.max(rows, columns) / 500));
  const rgb = new Uint8Array(rows * columns * 3);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const i = r * columns + c;
      const g = gray[i];
      const region = regionAt(r, c);
      const col = colour.get(region);
      let out: readonly number[] = [g, g, g];
      if (col) {
        const edge =
          regionAt(Math.max(0, r - t), c) !== region ||
          regionAt(Math.min(rows - 1, r + t), c) !== region ||
          regionAt(r, Math.max(0, c - t)) !== region ||
          regionAt(r, Math.min(columns - 1, c + t)) !== region;
        out = edge ? col : col.map((v) => g * (1 - TINT) + v * TINT);
      }
      rgb[3 * i] = out[0];
      rgb[3 * i + 1] = out[1];
      rgb[3 * i + 2] = out[2];
    }
  }
  return rgb;
}

export async function writeLimePng(study: Study, expl: LimeExplanation, outFile: string): Promise<void> {
  const rgb = limeOverlay(displayPixels(study), study.rows, study.columns, expl);
  // Owner-only, as every file showing a patient's image.
  const shown = squarePixelSize(study.rows, study.columns, study.display.spacing);
  const png = await sharp(rgb, { raw: { width: study.columns, height: study.rows, channels: 3 } }).resize(shown.width, shown.height, { fit: 'fill' }).png().toBuffer();
  await writeFileAtomic(outFile, png, PRIVATE_FILE_MODE);
}

function hexRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
