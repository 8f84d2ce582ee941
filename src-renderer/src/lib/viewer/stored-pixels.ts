// Chooses how the engine's modality values are stored for cornerstone without losing bit depth:
// integer values as they are (16-bit signed or unsigned), anything else quantised to 16 bits
// over its own range with a slope/intercept, so windowing still works in modality units.
export interface StoredPixels {
  pixels: Int16Array | Uint16Array;
  slope: number;
  intercept: number;
  /** Range of the stored integers (what cornerstone builds its lookup table over). */
  minStored: number;
  maxStored: number;
}

export function storedPixels(values: Float32Array): StoredPixels {
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && v !== Math.round(v)) integral = false;
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    min = 0;
    max = 0;
    integral = true;
  }
  if (integral && min >= -32768 && max <= 32767) {
    return { pixels: Int16Array.from(values), slope: 1, intercept: 0, minStored: min, maxStored: max };
  }
  if (integral && min >= 0 && max <= 65535) {
    return { pixels: Uint16Array.from(values), slope: 1, intercept: 0, minStored: min, maxStored: max };
  }
  const slope = max > min ? (max - min) / 65535 : 1;
  const pixels = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) pixels[i] = Math.round((values[i] - min) / slope);
  return { pixels, slope, intercept: min, minStored: 0, maxStored: Math.round((max - min) / slope) };
}
