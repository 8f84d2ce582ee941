// Chooses how the engine's modality values are stored for cornerstone without losing bit depth:
// integer values as they are (16-bit signed or unsigned), anything else quantised to 16 bits
// over its own range with a slope/intercept. Either way the stored integers span at most 65,536
// values, so a VOI LUT table indexed by them always fits (voi-table.ts), whatever the values' range.

/** How a stored integer s maps back to the modality value: slope * s + intercept. */
export interface StoredScale {
  kind: 'int16' | 'uint16' | 'quantised';
  slope: number;
  intercept: number;
  /** Range of the stored integers (what cornerstone builds its lookup table over). */
  minStored: number;
  maxStored: number;
}

export interface StoredPixels extends StoredScale {
  pixels: Int16Array | Uint16Array;
}

/** The storage `values` get (one pass over them), without building the pixels. */
export function storedScale(values: Float32Array): StoredScale {
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
  if (integral && min >= -32768 && max <= 32767) return { kind: 'int16', slope: 1, intercept: 0, minStored: min, maxStored: max };
  if (integral && min >= 0 && max <= 65535) return { kind: 'uint16', slope: 1, intercept: 0, minStored: min, maxStored: max };
  const slope = max > min ? (max - min) / 65535 : 1;
  return { kind: 'quantised', slope, intercept: min, minStored: 0, maxStored: Math.round((max - min) / slope) };
}

export function storedPixels(values: Float32Array, scale: StoredScale = storedScale(values)): StoredPixels {
  if (scale.kind === 'int16') return { ...scale, pixels: Int16Array.from(values) };
  if (scale.kind === 'uint16') return { ...scale, pixels: Uint16Array.from(values) };
  const pixels = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) pixels[i] = Math.round((values[i] - scale.intercept) / scale.slope);
  return { ...scale, pixels };
}
