// Simple, measurable image features that tell a chest radiograph from other pictures. Computed on
// the 8-bit display image (what the model sees), reduced to 64 x 64 by area averaging.
import { spineLungContrast } from '../studies/chest-polarity';

export const FEATURE_SIZE = 64;

export interface RadiographFeatures {
  /** Standard deviation of the display image (0-255): near 0 for a blank picture. */
  std: number;
  /** spineLungContrast: bright spine between dark lungs gives > 0, inverted < 0. */
  spineLungContrast: number;
  /** Correlation of the image with its mirror image: chests are roughly left-right symmetric. */
  symmetry: number;
  /** Share of pixels in the brightest 5 grey levels (paper of a document, blown-out photo). */
  whiteShare: number;
  /** Mean absolute difference between neighbouring pixels at 64 x 64: text and line art are busy. */
  busyness: number;
}

export function downsample(display: Uint8Array, rows: number, columns: number, size = FEATURE_SIZE): Float32Array {
  const out = new Float32Array(size * size);
  const count = new Float32Array(size * size);
  for (let r = 0; r < rows; r++) {
    const y = Math.min(size - 1, Math.floor((r * size) / rows));
    for (let c = 0; c < columns; c++) {
      const i = y * size + Math.min(size - 1, Math.floor((c * size) / columns));
      out[i] += display[r * columns + c];
      count[i]++;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = count[i] ? out[i] / count[i] : 0;
  return out;
}

export function radiographFeatures(display: Uint8Array, rows: number, columns: number): RadiographFeatures {
  const s = FEATURE_SIZE;
  const small = downsample(display, rows, columns);
  let sum = 0;
  let white = 0;
  for (const v of display) if (v >= 251) white++;
  for (const v of small) sum += v;
  const mean = sum / small.length;
  let varSum = 0;
  for (const v of small) varSum += (v - mean) ** 2;
  let cov = 0;
  let busy = 0;
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const v = small[y * s + x];
      cov += (v - mean) * (small[y * s + (s - 1 - x)] - mean);
      if (x + 1 < s) busy += Math.abs(v - small[y * s + x + 1]);
      if (y + 1 < s) busy += Math.abs(v - small[(y + 1) * s + x]);
    }
  }
  const smallBytes = Uint8Array.from(small, (v) => Math.round(v));
  return {
    std: Math.sqrt(varSum / small.length),
    spineLungContrast: spineLungContrast(smallBytes, s, s),
    symmetry: varSum > 0 ? cov / varSum : 0,
    whiteShare: display.length ? white / display.length : 0,
    busyness: busy / (2 * s * (s - 1)),
  };
}
