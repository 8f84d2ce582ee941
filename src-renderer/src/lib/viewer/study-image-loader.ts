// Feeds cornerstone the pixels the engine decoded (the same Study the model sees), at full bit
// depth (see stored-pixels.ts; padded pixels on a stored integer of their own, drawn black), or in
// colour when the engine sent RGBA, under an `alveo:<studyId>` image id.
import cornerstone, { type CsImage } from 'cornerstone-core';
import type { StudyImage, StudyInfo } from '../../../../src-main/api/contract';
import type { StudyDisplay } from '../../../../src-main/api/study-display';
import { storedPixels, storedRange, type StoredScale } from './stored-pixels';
import { colourCsImage } from './colour-image';
import { rescaleOf } from './pixel-value';
import type { StudyPixels } from './probe-reading';

/** A cornerstone image made here carries its study's pixels (cornerstone-tools hands tools the image). */
export type StudyCsImage = CsImage & { studyPixels?: StudyPixels };

export const SCHEME = 'alveo';

const pending = new Map<string, { info: StudyInfo; image: StudyImage; stored?: StoredScale }>();
let registered = false;

/** Makes a study's pixels loadable by cornerstone under the returned imageId; `stored`: their storedScale, when known. */
export function provideStudyImage(info: StudyInfo, image: StudyImage, stored?: StoredScale): string {
  if (!registered) {
    cornerstone.registerImageLoader(SCHEME, (imageId) => ({ promise: loadImage(imageId) }));
    registered = true;
  }
  const imageId = `${SCHEME}:${info.studyId}`;
  pending.set(imageId, { info, image, ...(stored ? { stored } : {}) });
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
  return toCornerstoneImage(imageId, entry.info, entry.image, entry.stored);
}

/**
 * Grayscale: slope 1 and intercept 0 whatever the stored pixels' own scale, so cornerstone indexes
 * the VOI LUT table (voi-table.ts, always given) by the stored integer itself; the table maps it
 * to the modality value and its grey level.
 */
export function toCornerstoneImage(imageId: string, info: StudyInfo & { display?: StudyDisplay }, image: StudyImage, scale?: StoredScale): StudyCsImage {
  if (image.rgba) return colourCsImage(imageId, info, image.rgba);
  const { rows, columns } = image;
  // The file's spacing, or its Pixel Aspect Ratio as the pixel's shape (PixelAspectOnly): cornerstone
  // draws the pixels in that shape and cornerstone-tools measures with it (mm, or pixels for an
  // aspect only; measurement-tools says which). None: square pixels, lengths in pixels.
  const spacing = info.display?.spacing;
  const stored = storedPixels(image.values, image.paddingMask, scale);
  // Padding's own stored integer lies beside the image's: cornerstone's lookup must cover it.
  const range = storedRange(stored);
  return {
    imageId,
    minPixelValue: range.low,
    maxPixelValue: range.high,
    slope: 1,
    intercept: 0,
    windowCenter: info.window.center,
    windowWidth: info.window.width,
    getPixelData: () => stored.pixels,
    rows,
    columns,
    height: rows,
    width: columns,
    color: false,
    columnPixelSpacing: spacing?.column,
    rowPixelSpacing: spacing?.row,
    invert: info.invert,
    sizeInBytes: stored.pixels.byteLength,
    studyPixels: {
      values: image.values,
      columns,
      rows,
      rescale: rescaleOf(info.attributes, info.display),
      ...(image.paddingMask ? { paddingMask: image.paddingMask } : {}),
      ...(image.storedValues ? { storedValues: image.storedValues } : {}),
    },
  };
}
