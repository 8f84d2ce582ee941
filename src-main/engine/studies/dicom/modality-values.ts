// Stored samples -> modality values (Modality LUT, else rescale slope/intercept), one gray value
// per pixel, and which pixels are padding (judged on the stored value). Colour images become
// luminance, the one channel the model reads (the viewer shows colour-pixels.ts).
import type { PixelModule } from './pixel-module';
import type { ModalityLut } from './modality-lut';
import type { PaddingRange } from './pixel-padding';

export interface ValueOptions {
  slope: number;
  intercept: number;
  /** Native and RLE data keep whatever sits above High Bit (old overlays): mask it off. */
  maskToBitsStored: boolean;
  /** Codecs convert YCbCr to RGB; native/RLE YBR_FULL still holds Y, Cb, Cr. */
  samplesAreYbr: boolean;
  /** Grayscale only: the modality transformation, used instead of slope/intercept (PS3.3 C.11.1). */
  lut?: ModalityLut;
  /** Grayscale only: stored values that are padding (PS3.3 C.7.5.1.1.2). */
  padding?: PaddingRange;
}

export interface Values {
  values: Float32Array;
  /** Over every pixel, padding included. */
  minValue: number;
  maxValue: number;
  /** 1 where the stored value is padding; only when some pixel is. */
  paddingMask?: Uint8Array;
  /** How many pixels are padding. */
  paddingPixels?: number;
  /** The stored values, only when a Modality LUT made the values: its output cannot be turned back into them. */
  storedValues?: Int32Array;
}

/** The frame's samples as stored (8, 16 or 32 bits), aligned for a typed view. Also read by colour-pixels.ts. */
export function rawSamples(bytes: Uint8Array, bitsAllocated: number): Uint8Array | Uint16Array | Uint32Array {
  const aligned = bytes.byteOffset % (bitsAllocated / 8) === 0 ? bytes : bytes.slice();
  if (bitsAllocated === 8) return aligned;
  if (bitsAllocated === 16) return new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

/** Integer stored value of a raw sample: masked to Bits Stored and sign-extended when signed. */
function storedValueReader(pm: PixelModule, mask: boolean): (raw: number) => number {
  const bits = pm.bitsStored;
  const signed = pm.pixelRepresentation === 1;
  if (signed) {
    if (bits >= 32) return (raw) => raw | 0;
    const shift = 32 - bits;
    return (raw) => (raw << shift) >> shift;
  }
  if (mask && bits < pm.bitsAllocated) {
    const m = bits >= 32 ? 0xffffffff : 2 ** bits - 1;
    return bits >= 31 ? (raw) => raw % (m + 1) : (raw) => raw & m;
  }
  return (raw) => raw;
}

/** One stored value's modality value, as modalityValues computes it for a grayscale pixel. */
export function modalityValueOf(opts: Pick<ValueOptions, 'slope' | 'intercept' | 'lut'>): (stored: number) => number {
  const { slope, intercept, lut } = opts;
  if (!lut) return (v) => v * slope + intercept;
  const last = lut.numberOfEntries - 1;
  return (v) => {
    const idx = v - lut.firstValueMapped;
    return lut.data[idx < 0 ? 0 : idx > last ? last : idx];
  };
}

export function modalityValues(bytes: Uint8Array, pm: PixelModule, opts: ValueOptions): Values {
  const raw = rawSamples(bytes, pm.bitsAllocated);
  const read = storedValueReader(pm, opts.maskToBitsStored);
  const n = pm.rows * pm.columns;
  const values = new Float32Array(n);
  const { slope, intercept, lut } = opts;
  let paddingMask: Uint8Array | undefined;
  let paddingPixels = 0;
  let storedValues: Int32Array | undefined;
  if (pm.samplesPerPixel === 1) {
    const low = opts.padding?.low ?? Infinity;
    const high = opts.padding?.high ?? -Infinity;
    const last = lut ? lut.numberOfEntries - 1 : 0;
    if (lut) storedValues = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const v = read(raw[i]);
      if (storedValues) storedValues[i] = v;
      if (lut) {
        const idx = v - lut.firstValueMapped;
        values[i] = lut.data[idx < 0 ? 0 : idx > last ? last : idx];
      } else values[i] = v * slope + intercept;
      if (v >= low && v <= high) {
        paddingMask ??= new Uint8Array(n);
        paddingMask[i] = 1;
        paddingPixels++;
      }
    }
  } else {
    const planar = pm.planarConfiguration === 1;
    for (let i = 0; i < n; i++) {
      const a = read(planar ? raw[i] : raw[3 * i]);
      const b = read(planar ? raw[n + i] : raw[3 * i + 1]);
      const c = read(planar ? raw[2 * n + i] : raw[3 * i + 2]);
      const lum = opts.samplesAreYbr ? a : 0.299 * a + 0.587 * b + 0.114 * c;
      values[i] = lum * slope + intercept;
    }
  }
  let minValue = Infinity;
  let maxValue = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < minValue) minValue = v;
    if (v > maxValue) maxValue = v;
  }
  return { values, minValue, maxValue, ...(paddingMask ? { paddingMask, paddingPixels } : {}), ...(storedValues ? { storedValues } : {}) };
}
