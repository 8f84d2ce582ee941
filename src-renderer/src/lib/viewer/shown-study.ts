// The study a viewport shows: the engine's decoded pixels, kept for the readout, the cornerstone
// image made from them, and what windowing needs (the stored-value scale, the value range).
import type { StudyImage, StudyInfo } from '../../../../src-main/api/contract';
import type { StudyDisplay } from '../../../../src-main/api/study-display';
import { storedScale, type StoredScale } from './stored-pixels';
import { provideStudyImage } from './study-image-loader';
import { imageValueRange } from './window-presets';

export interface ShownStudy {
  info: StudyInfo & { display?: StudyDisplay };
  values: Float32Array;
  rgba?: Uint8Array;
  paddingMask?: Uint8Array;
  storedValues?: Int32Array;
  imageId: string;
  stored: StoredScale;
  range: { min: number; max: number };
}

/** Registers the image with the study loader (release it with releaseStudyImage(imageId)). */
export function shownStudy(info: StudyInfo, image: StudyImage): ShownStudy {
  const stored = storedScale(image.values, image.paddingMask);
  const imageId = provideStudyImage(info, image, stored);
  const range = imageValueRange(image.values, info, image.paddingMask);
  return { info, values: image.values, ...(image.rgba ? { rgba: image.rgba } : {}), ...(image.paddingMask ? { paddingMask: image.paddingMask } : {}), ...(image.storedValues ? { storedValues: image.storedValues } : {}), imageId, stored, range };
}

/** Measurements belong to one frame of a multi-frame file (its other frames show other anatomy or times). */
export function measureKey(info: StudyInfo): string {
  return info.frames > 1 ? `${info.file}#frame${info.frame ?? 0}` : info.file;
}
