// What a radiologist sees by default: modality values through the VOI LUT or window (DICOM
// PS3.3 C.11.2.1.2 linear function, or C.11.2.1.3.1 sigmoid when the file's VOI LUT Function says
// SIGMOID), MONOCHROME1 inverted, as 8-bit gray. The model sees the same.
import type { Study, VoiLut, WindowSetting } from './study';

export function displayPixels(study: Study, window?: WindowSetting, invert?: boolean): Uint8Array {
  const flip = invert ?? study.invert;
  const out =
    !window && study.windowSource === 'voi-lut' && study.voiLut
      ? applyVoiLut(study.values, study.voiLut)
      : study.display?.voiLutFunction === 'SIGMOID'
        ? applySigmoid(study.values, window ?? study.window)
        : applyWindow(study.values, window ?? study.window);
  if (flip) for (let i = 0; i < out.length; i++) out[i] = 255 - out[i];
  return out;
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
