// Turns the engine's decoded modality values into a cornerstone image, keeping full bit depth:
// integer-valued images are stored as they are (slope 1); anything else is quantised to 16 bits
// with a slope/intercept so windowing still works in modality units.
import cornerstone, { type CsImage } from 'cornerstone-core';
import type { StudyImage, StudyInfo } from '../../../../src-main/api/contract';

export const SCHEME = 'alveo';

const pending = new Map<string, { info: StudyInfo; image: StudyImage }>();
let registered = false;

/** Makes a study's pixels loadable by cornerstone under the returned imageId. */
export function provideStudyImage(info: StudyInfo, image: StudyImage): string {
  if (!registered) {
    cornerstone.registerImageLoader(SCHEME, (imageId) => ({ promise: loadImage(imageId) }));
    registered = true;
  }
  const imageId = `${SCHEME}:${info.studyId}`;
  pending.set(imageId, { info, image });
  return imageId;
}

/** Forgets a study: drops its cornerstone cache entry and our reference to its pixels. */
export function releaseStudyImage(imageId: string): void {
  pending.delete(imageId);
  try {
    cornerstone.imageCache.removeImageLoadObject(imageId);
  } catch {
    // Not cached (never displayed): nothing to release.
  }
}

async function loadImage(imageId: string): Promise<CsImage> {
  const entry = pending.get(imageId);
  if (!entry) throw new Error(`no pixels for ${imageId}`);
  pending.delete(imageId);
  return toCornerstoneImage(imageId, entry.info, entry.image);
}

export function toCornerstoneImage(imageId: string, info: StudyInfo, image: StudyImage): CsImage {
  const { values, rows, columns } = image;
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && v !== Math.round(v)) integral = false;
  }
  if (!Number.isFinite(min)) min = max = 0;
  let pixels: Int16Array | Uint16Array;
  let slope = 1;
  let intercept = 0;
  if (integral && min >= -32768 && max <= 32767) {
    pixels = Int16Array.from(values);
  } else if (integral && min >= 0 && max <= 65535) {
    pixels = Uint16Array.from(values);
  } else {
    // Non-integer or very wide values: 16-bit quantisation over the actual range.
    slope = max > min ? (max - min) / 65535 : 1;
    intercept = min;
    pixels = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) pixels[i] = Math.round((values[i] - min) / slope);
  }
  const storedMin = integral ? min : 0;
  const storedMax = integral ? max : Math.round((max - min) / slope);
  return {
    imageId,
    minPixelValue: storedMin,
    maxPixelValue: storedMax,
    slope,
    intercept,
    windowCenter: info.window.center,
    windowWidth: info.window.width,
    getPixelData: () => pixels,
    rows,
    columns,
    height: rows,
    width: columns,
    color: false,
    columnPixelSpacing: 1,
    rowPixelSpacing: 1,
    invert: info.invert,
    sizeInBytes: pixels.byteLength,
  };
}
