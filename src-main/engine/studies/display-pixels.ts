// What a radiologist sees by default: modality values through the VOI LUT or window, with the VOI
// LUT Function the file gives (DICOM PS3.3 C.11.2.1.2.1 LINEAR when absent, C.11.2.1.3.2
// LINEAR_EXACT, C.11.2.1.3.1 SIGMOID), MONOCHROME1 inverted, as 8-bit gray; padded pixels (Pixel
// Padding Value) black. The model sees the same.
import type { VoiLutFunction } from '../../api/study-display';
import type { Study, VoiLut, WindowSetting } from './study';

export function displayPixels(study: Study, window?: WindowSetting, invert?: boolean): Uint8Array {
  const flip = invert ?? study.invert;
  const out =
    !window && study.windowSource === 'voi-lut' && study.voiLut
      ? applyVoiLut(study.values, study.voiLut)
      : applyVoiFunction(study.values, window ?? study.window, study.display?.voiLutFunction ?? 'LINEAR');
  if (flip) for (let i = 0; i < out.length; i++) out[i] = 255 - out[i];
  // Padding lies outside the image (PS3.3 C.7.5.1.1.2): the darkest level, whatever the polarity.
  const mask = study.padding?.mask;
  if (mask) for (let i = 0; i < out.length; i++) if (mask[i]) out[i] = 0;
  return out;
}

/** A window through the VOI LUT Function the file names (LINEAR when it names none). */
export function applyVoiFunction(values: Float32Array, w: WindowSetting, fn: VoiLutFunction): Uint8Array {
  if (fn === 'SIGMOID') return applySigmoid(values, w);
  if (fn === 'LINEAR_EXACT') return applyLinearExact(values, w);
  return applyWindow(values, w);
}

export function applyWindow(values: Float32Array, w: WindowSetting): Uint8Array {
  const out = new Uint8Array(values.length);
  const width = Math.max(w.width, 1);
  const low = w.center - 0.5 - (width - 1) / 2;
  const high = w.center - 0.5 + (width - 1) / 2;
  const scale = width > 1 ? 255 / (width - 1) : 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x <= low) out[i] = 0;
    else if (x > high) out[i] = 255;
    else out[i] = Math.min(255, Math.floor((x - (w.center - 0.5)) * scale + 127.5));
  }
  return out;
}

/**
 * PS3.3 C.11.2.1.3.2: y = ((x - c) / w + 0.5) * 255, 0 at or below c - w/2, 255 above c + w/2; any
 * width above 0. Quantised as a Uint8ClampedArray stores it (round half to even, clamped), which is
 * also how cornerstone's linear path stores this same formula, so a viewer table can match it exactly.
 */
export function applyLinearExact(values: Float32Array, w: WindowSetting): Uint8Array {
  const out = new Uint8Array(values.length);
  const levels = new Uint8ClampedArray(out.buffer);
  const width = w.width > 0 ? w.width : 1e-6;
  for (let i = 0; i < values.length; i++) levels[i] = ((values[i] - w.center) / width + 0.5) * 255;
  return out;
}

/** PS3.3 C.11.2.1.3.1: y = 255 / (1 + exp(-4 (x - c) / w)); no clipping, the curve saturates. */
export function applySigmoid(values: Float32Array, w: WindowSetting): Uint8Array {
  const out = new Uint8Array(values.length);
  const k = -4 / Math.max(w.width, 1e-6);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(255 / (1 + Math.exp(k * (values[i] - w.center))));
  return out;
}

export function applyVoiLut(values: Float32Array, lut: VoiLut): Uint8Array {
  const out = new Uint8Array(values.length);
  const last = lut.numberOfEntries - 1;
  const scale = 255 / (2 ** lut.bitsPerEntry - 1);
  for (let i = 0; i < values.length; i++) {
    let idx = Math.round(values[i]) - lut.firstValueMapped;
    if (idx < 0) idx = 0;
    else if (idx > last) idx = last;
    out[i] = Math.round(lut.data[idx] * scale);
  }
  return out;
}
