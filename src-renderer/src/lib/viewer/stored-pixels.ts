// Chooses how the engine's modality values are stored for cornerstone without losing bit depth:
// integer values as they are (16-bit signed or unsigned), anything else quantised to 16 bits
// over its own range with a slope/intercept. Either way the stored integers span at most 65,536
// values, so a VOI LUT table indexed by them always fits (voi-table.ts), whatever the values' range.
//
// Padded pixels (Pixel Padding Value, the engine's padding mask) get one stored integer of their
// own, just outside the image's: its table entry draws them black at any window, VOI LUT function
// or polarity, as the engine shows them to the model. The image's range leaves them out, as the
// engine's automatic window does, and so does the quantisation step.

/** How a stored integer s maps back to the modality value: slope * s + intercept. */
export interface StoredScale {
  kind: 'int16' | 'uint16' | 'quantised';
  slope: number;
  intercept: number;
  /** Range of the stored integers of the image's pixels (padding left out). */
  minStored: number;
  maxStored: number;
  /** The stored integer every padded pixel gets, outside minStored..maxStored; absent when no pixel is padding. */
  padding?: number;
}

export interface StoredPixels extends StoredScale {
  pixels: Int16Array | Uint16Array;
}

/** The stored integers cornerstone builds its lookup table over: the image's and the padding's. */
export function storedRange(s: StoredScale): { low: number; high: number } {
  return s.padding === undefined ? { low: s.minStored, high: s.maxStored } : { low: Math.min(s.minStored, s.padding), high: Math.max(s.maxStored, s.padding) };
}

/** A free integer beside min..max within lo..hi, for the padding. */
function besides(min: number, max: number, lo: number, hi: number): number | undefined {
  if (max < hi) return max + 1;
  if (min > lo) return min - 1;
  return undefined;
}

/** The storage `values` get (one pass over them), without building the pixels; `paddingMask`: 1 where a pixel is padding. */
export function storedScale(values: Float32Array, paddingMask?: Uint8Array): StoredScale {
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  let padded = false;
  for (let i = 0; i < values.length; i++) {
    if (paddingMask?.[i]) {
      padded = true;
      continue;
    }
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
    const padding = padded ? besides(min, max, -32768, 32767) : undefined;
    if (!padded || padding !== undefined) return { kind: 'int16', slope: 1, intercept: 0, minStored: min, maxStored: max, ...(padding !== undefined ? { padding } : {}) };
  }
  if (integral && min >= 0 && max <= 65535) {
    const padding = padded ? besides(min, max, 0, 65535) : undefined;
    if (!padded || padding !== undefined) return { kind: 'uint16', slope: 1, intercept: 0, minStored: min, maxStored: max, ...(padding !== undefined ? { padding } : {}) };
  }
  // With padding, the image takes 0..65534 and the padding 65535.
  const steps = padded ? 65534 : 65535;
  const slope = max > min ? (max - min) / steps : 1;
  return { kind: 'quantised', slope, intercept: min, minStored: 0, maxStored: Math.round((max - min) / slope), ...(padded ? { padding: steps + 1 } : {}) };
}

export function storedPixels(values: Float32Array, paddingMask?: Uint8Array, scale: StoredScale = storedScale(values, paddingMask)): StoredPixels {
  let pixels: Int16Array | Uint16Array;
  if (scale.kind === 'int16') pixels = Int16Array.from(values);
  else if (scale.kind === 'uint16') pixels = Uint16Array.from(values);
  else {
    pixels = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) pixels[i] = Math.round((values[i] - scale.intercept) / scale.slope);
  }
  const pad = scale.padding;
  if (pad !== undefined && paddingMask) for (let i = 0; i < values.length; i++) if (paddingMask[i]) pixels[i] = pad;
  return { ...scale, pixels };
}
