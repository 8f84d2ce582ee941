// What a radiologist sees by default: modality values through the VOI LUT or window, with the VOI
// LUT Function the file gives (DICOM PS3.3 C.11.2.1.2.1 LINEAR when absent, C.11.2.1.3.2
// LINEAR_EXACT, C.11.2.1.3.1 SIGMOID), MONOCHROME1 inverted, as 8-bit gray; padded pixels (Pixel
// Padding Value) black. The model sees the same, and the viewer draws the same grey levels: both
// take the formulas from api/voi-grey.ts.
import { fileLutLevels, windowLevels } from '../../api/voi-grey';
import type { Study, WindowSetting } from './study';

export function displayPixels(study: Study, window?: WindowSetting, invert?: boolean): Uint8Array {
  const flip = invert ?? study.invert;
  const out =
    !window && study.windowSource === 'voi-lut' && study.voiLut
      ? fileLutLevels(study.values, study.voiLut)
      : windowLevels(study.display?.voiLutFunction, study.values, window ?? study.window);
  if (flip) for (let i = 0; i < out.length; i++) out[i] = 255 - out[i];
  // Padding lies outside the image (PS3.3 C.7.5.1.1.2): the darkest level, whatever the polarity.
  const mask = study.padding?.mask;
  if (mask) for (let i = 0; i < out.length; i++) if (mask[i]) out[i] = 0;
  return out;
}
