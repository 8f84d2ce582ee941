// How much brighter the spine/mediastinum strip is than the two lung fields in an 8-bit display
// image of a frontal chest radiograph. Correctly displayed radiographs score clearly positive
// (all 1607 Kermany images: 1st percentile +18, median +61; the real DICOMs +49..+86), inverted
// ones clearly negative. Used to catch a MONOCHROME1 header over MONOCHROME2 pixels, and by the
// guardrails to spot inverted polarity.

/** NaN when every pixel of the region is excluded. */
function mean(px: Uint8Array, rows: number, cols: number, r0: number, r1: number, c0: number, c1: number, exclude?: Uint8Array): number {
  let sum = 0;
  let n = 0;
  const ra = Math.floor(r0 * rows);
  const rb = Math.max(ra + 1, Math.floor(r1 * rows));
  const ca = Math.floor(c0 * cols);
  const cb = Math.max(ca + 1, Math.floor(c1 * cols));
  for (let r = ra; r < rb; r++) {
    const row = r * cols;
    if (exclude) {
      for (let c = ca; c < cb; c++) {
        if (exclude[row + c]) continue;
        sum += px[row + c];
        n++;
      }
    } else {
      for (let c = ca; c < cb; c++) sum += px[row + c];
      n += cb - ca;
    }
  }
  return n ? sum / n : exclude ? NaN : 0;
}

/**
 * Mean of the central vertical strip (45-55% of the width) minus the mean of the lung strips
 * (20-35% and 65-80%). Pixels marked in `exclude` (padding, outside the image) are not counted;
 * NaN when a strip holds none other.
 */
export function spineLungContrast(display: Uint8Array, rows: number, columns: number, exclude?: Uint8Array): number {
  const spine = mean(display, rows, columns, 0.25, 0.75, 0.45, 0.55, exclude);
  const left = mean(display, rows, columns, 0.25, 0.65, 0.2, 0.35, exclude);
  const right = mean(display, rows, columns, 0.25, 0.65, 0.65, 0.8, exclude);
  return spine - (left + right) / 2;
}

/** Below this the image is taken to be shown inverted (in 8-bit display units). */
export const INVERTED_CONTRAST = -20;
