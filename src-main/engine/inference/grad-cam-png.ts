// The Grad-CAM overlay the CLI writes: the study as displayed, with the Turbo colour map blended
// in, opacity proportional to heat (cold areas stay plain gray, hot areas turn red).
import sharp from 'sharp';
import { displayPixels } from '../studies/display-pixels';
import type { Study } from '../studies/study';
import { TURBO } from './turbo-colormap';
import { PRIVATE_FILE_MODE, writeFileAtomic } from '../files/atomic-files';
import { squarePixelSize } from '../studies/square-pixel-size';

export interface OverlayOptions {
  /** Opacity where heat is 1; 0.6 keeps the anatomy readable under the hottest area. */
  maxAlpha?: number;
}

/** RGB, rows x columns, 8-bit: display pixels blended with the colour-mapped heat. */
export function gradCamOverlay(gray: Uint8Array, heat: Float32Array, opts: OverlayOptions = {}): Uint8Array {
  if (gray.length !== heat.length) throw new Error(`overlay: ${gray.length} pixels but ${heat.length} heat values`);
  const maxAlpha = opts.maxAlpha ?? 0.6;
  const rgb = new Uint8Array(gray.length * 3);
  for (let i = 0; i < gray.length; i++) {
    const h = Math.min(1, Math.max(0, heat[i] || 0));
    const a = maxAlpha * h;
    const c = 3 * Math.round(h * 255);
    const g = gray[i] * (1 - a);
    rgb[3 * i] = g + a * TURBO[c];
    rgb[3 * i + 1] = g + a * TURBO[c + 1];
    rgb[3 * i + 2] = g + a * TURBO[c + 2];
  }
  return rgb;
}

/** Writes the overlay PNG atomically (temporary file, then rename), owner-only: it shows the patient's image. */
export async function writeGradCamPng(study: Study, heat: Float32Array, outFile: string, opts: OverlayOptions = {}): Promise<void> {
  if (heat.length !== study.rows * study.columns) {
    throw new Error(`Grad-CAM is ${heat.length} values for a ${study.columns}x${study.rows} study`);
  }
  const rgb = gradCamOverlay(displayPixels(study), heat, opts);
  const shown = squarePixelSize(study.rows, study.columns, study.display.spacing);
  const png = await sharp(rgb, { raw: { width: study.columns, height: study.rows, channels: 3 } }).resize(shown.width, shown.height, { fit: 'fill' }).png().toBuffer();
  await writeFileAtomic(outFile, png, PRIVATE_FILE_MODE);
}
