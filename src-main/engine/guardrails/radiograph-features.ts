// Simple, measurable image features that tell a chest radiograph from other pictures. Computed on
// the 8-bit display image (what the model sees), reduced to 64 x 64 by area averaging in one pass
// (a 2000 x 2000 image costs tens of milliseconds, not hundreds).
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
  /** Mean |Laplacian| / 4 at 64 x 64: ribs, vessels and edges give > 1.4; drawn gradients ~0. */
  fineStructure: number;
  /** Band below the lungs (abdomen, diaphragm) minus the lung fields: radiographs > -13; a picture bright only in its middle is far below. */
  belowLungs: number;
}

/** The display image at 64 x 64, and the shares of pure white and pure black pixels at full size. */
export interface ReducedImage {
  small: Float32Array;
  whiteShare: number;
  blackShare: number;
}

function cells(length: number, size: number): { index: Int32Array; count: Float64Array } {
  const index = new Int32Array(length);
  const count = new Float64Array(size);
  for (let i = 0; i < length; i++) {
    index[i] = Math.min(size - 1, Math.floor((i * size) / length));
    count[index[i]]++;
  }
  return { index, count };
}

export function reduceImage(display: Uint8Array, rows: number, columns: number, size = FEATURE_SIZE): ReducedImage {
  const small = new Float32Array(size * size);
  const byRow = cells(rows, size);
  const byCol = cells(columns, size);
  const colIndex = byCol.index;
  let white = 0;
  let black = 0;
  for (let r = 0; r < rows; r++) {
    const base = byRow.index[r] * size;
    const offset = r * columns;
    for (let c = 0; c < columns; c++) {
      const v = display[offset + c];
      small[base + colIndex[c]] += v;
      if (v >= 251) white++;
      else if (v <= 4) black++;
    }
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const n = byRow.count[y] * byCol.count[x];
      small[y * size + x] = n ? small[y * size + x] / n : 0;
    }
  }
  const total = display.length || 1;
  return { small, whiteShare: white / total, blackShare: black / total };
}

/** The same image with black and white swapped (a radiograph shown inverted, put right). */
export function invertReduced(r: ReducedImage): ReducedImage {
  return { small: r.small.map((v) => 255 - v), whiteShare: r.blackShare, blackShare: r.whiteShare };
}

/** Mean of a FEATURE_SIZE-square image over rows r0-r1 and columns c0-c1 (fractions). */
function region(small: Float32Array, r0: number, r1: number, c0: number, c1: number): number {
  const s = FEATURE_SIZE;
  let sum = 0;
  let n = 0;
  for (let y = Math.floor(r0 * s); y < Math.floor(r1 * s); y++) {
    for (let x = Math.floor(c0 * s); x < Math.floor(c1 * s); x++) {
      sum += small[y * s + x];
      n++;
    }
  }
  return n ? sum / n : 0;
}

export function featuresOf({ small, whiteShare }: ReducedImage): RadiographFeatures {
  const s = FEATURE_SIZE;
  let sum = 0;
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
  let lap = 0;
  for (let y = 1; y < s - 1; y++) {
    for (let x = 1; x < s - 1; x++) {
      const i = y * s + x;
      lap += Math.abs(4 * small[i] - small[i - 1] - small[i + 1] - small[i - s] - small[i + s]) / 4;
    }
  }
  const smallBytes = Uint8Array.from(small, (v) => Math.round(v));
  const lungs = (region(small, 0.25, 0.65, 0.2, 0.35) + region(small, 0.25, 0.65, 0.65, 0.8)) / 2;
  return {
    std: Math.sqrt(varSum / small.length),
    spineLungContrast: spineLungContrast(smallBytes, s, s),
    symmetry: varSum > 0 ? cov / varSum : 0,
    whiteShare,
    busyness: busy / (2 * s * (s - 1)),
    fineStructure: lap / ((s - 2) * (s - 2)),
    belowLungs: region(small, 0.85, 1, 0.2, 0.8) - lungs,
  };
}

export function radiographFeatures(display: Uint8Array, rows: number, columns: number): RadiographFeatures {
  return featuresOf(reduceImage(display, rows, columns));
}
