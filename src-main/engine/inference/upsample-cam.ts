// Grad-CAM heat at a study's full size: bilinear upsampling with half-pixel centres (like
// cv2.resize, PyTorch align_corners=False and tf.image.resizeBilinear(halfPixelCenters)), then
// normalised to [0, 1] as pytorch-grad-cam does: (x - min) / max. Plain loops, no tensor library:
// a 1024x1024 map takes a few milliseconds and works whichever inference engine made the map.
import type { CamMap } from './cam-from-head';

interface Taps {
  lo: Int32Array;
  hi: Int32Array;
  frac: Float32Array;
}

function taps(size: number, from: number): Taps {
  const lo = new Int32Array(size);
  const hi = new Int32Array(size);
  const frac = new Float32Array(size);
  const scale = from / size;
  for (let d = 0; d < size; d++) {
    const f = (d + 0.5) * scale - 0.5;
    const f0 = Math.floor(f);
    lo[d] = Math.min(from - 1, Math.max(0, f0));
    hi[d] = Math.min(from - 1, Math.max(0, f0 + 1));
    frac[d] = f - f0;
  }
  return { lo, hi, frac };
}

export function upsampleCam(cam: CamMap, rows: number, columns: number): Float32Array {
  const out = new Float32Array(rows * columns);
  const ty = taps(rows, cam.rows);
  const tx = taps(columns, cam.columns);
  // Rows of the small map interpolated along x once, then blended along y per output row.
  const wide = new Float32Array(cam.rows * columns);
  for (let r = 0; r < cam.rows; r++) {
    const src = r * cam.columns;
    const dst = r * columns;
    for (let x = 0; x < columns; x++) {
      const a = cam.values[src + tx.lo[x]];
      wide[dst + x] = a + (cam.values[src + tx.hi[x]] - a) * tx.frac[x];
    }
  }
  let min = Infinity;
  let max = -Infinity;
  for (let y = 0; y < rows; y++) {
    const top = ty.lo[y] * columns;
    const bottom = ty.hi[y] * columns;
    const f = ty.frac[y];
    const dst = y * columns;
    for (let x = 0; x < columns; x++) {
      const a = wide[top + x];
      const v = a + (wide[bottom + x] - a) * f;
      out[dst + x] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const scale = 1 / (max - min + 1e-7);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] - min) * scale;
  return out;
}
