// Training-time augmentation of the model-size 8-bit image, then the model's normalisation.
// Small rotation, shift, zoom (one affine map, bilinear, edges clamped), brightness and contrast;
// a horizontal flip only when asked (chest anatomy is not left-right symmetric).
import type { AugmentOptions } from '../../api/training';
import type { Random } from './seeded-random';

export const DEFAULT_AUGMENT: AugmentOptions = {
  rotationDeg: 7,
  shift: 0.06,
  zoom: 0.1,
  brightness: 0.1,
  contrast: 0.1,
  horizontalFlip: false,
};

export interface Normalisation {
  mean: [number, number, number];
  std: [number, number, number];
}

/**
 * Writes the S x S x 3 model input of `gray` (S x S, 8-bit) into out[offset...]: augmented when
 * `aug` is given, else exactly the inference preprocessing ((v / 255 - mean) / std per channel).
 */
export function augmentInto(
  gray: Uint8Array,
  size: number,
  aug: AugmentOptions | null,
  random: Random,
  norm: Normalisation,
  out: Float32Array,
  offset: number,
): void {
  const n = size * size;
  if (gray.length !== n) throw new Error(`augmentInto: ${gray.length} pixels for ${size}x${size}`);
  const [m0, m1, m2] = norm.mean;
  const [s0, s1, s2] = norm.std;
  if (!aug) {
    for (let i = 0, j = offset; i < n; i++, j += 3) {
      const p = gray[i] / 255;
      out[j] = (p - m0) / s0;
      out[j + 1] = (p - m1) / s1;
      out[j + 2] = (p - m2) / s2;
    }
    return;
  }
  const u = () => random() * 2 - 1;
  const angle = (u() * aug.rotationDeg * Math.PI) / 180;
  const tx = u() * aug.shift * size;
  const ty = u() * aug.shift * size;
  const scale = 1 + u() * aug.zoom;
  const brightness = u() * aug.brightness;
  const contrast = 1 + u() * aug.contrast;
  const flip = aug.horizontalFlip && random() < 0.5;

  let sum = 0;
  for (let i = 0; i < n; i++) sum += gray[i];
  const imageMean = sum / n / 255;
  const c = (size - 1) / 2;
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  const last = size - 1;
  let j = offset;
  for (let y = 0; y < size; y++) {
    const v = y - c - ty;
    for (let x = 0; x < size; x++) {
      const uu = (flip ? last - x : x) - c - tx;
      // Inverse map: where in the source this output pixel comes from.
      let sx = cos * uu + sin * v + c;
      let sy = -sin * uu + cos * v + c;
      sx = sx < 0 ? 0 : sx > last ? last : sx;
      sy = sy < 0 ? 0 : sy > last ? last : sy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const x1 = x0 < last ? x0 + 1 : x0;
      const y1 = y0 < last ? y0 + 1 : y0;
      const fx = sx - x0;
      const fy = sy - y0;
      const top = gray[y0 * size + x0] * (1 - fx) + gray[y0 * size + x1] * fx;
      const bottom = gray[y1 * size + x0] * (1 - fx) + gray[y1 * size + x1] * fx;
      let p = (top * (1 - fy) + bottom * fy) / 255;
      p = (p - imageMean) * contrast + imageMean + brightness;
      p = p < 0 ? 0 : p > 1 ? 1 : p;
      out[j++] = (p - m0) / s0;
      out[j++] = (p - m1) / s1;
      out[j++] = (p - m2) / s2;
    }
  }
}
