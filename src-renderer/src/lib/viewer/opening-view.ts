// The view an image opens with: the header's window and polarity, the orientation the reader left
// the file in, or, for another frame of the file shown, the view that frame had.
import cornerstone, { type CsImage, type Viewport } from 'cornerstone-core';
import type { StudyInfo } from '../../../../src-main/api/contract';
import { rememberedOrientation } from './orientation-memory';
import type { ShownStudy } from './shown-study';
import { windowOf, windowTable } from './viewport-window';

/** What a frame paged to keeps of the one before it. */
export interface KeptView extends Pick<Viewport, 'voi' | 'invert' | 'scale' | 'translation'> {
  /** Fitted to the window and not zoomed or panned since. */
  fitted: boolean;
}

/**
 * Another frame of the same file keeps the window, zoom and pan (paging a cine loop or series);
 * undefined for another file. The reader's invert is kept relative to each frame's own polarity (a
 * frame whose pixels overrule the header opens the other way round): never the previous frame's
 * absolute one.
 */
export function keptView(before: StudyInfo | undefined, info: StudyInfo, vp: Viewport | undefined, fitted: boolean): KeptView | undefined {
  if (!before || before.file !== info.file || !vp) return undefined;
  const userInverted = vp.invert !== before.invert;
  return { voi: { ...vp.voi }, invert: info.invert !== userInverted, scale: vp.scale, translation: { ...vp.translation }, fitted };
}

/** The viewport to display a loaded image with, and whether it is (still) fitted to the window. */
export function openingViewport(element: HTMLElement, image: CsImage, shown: ShownStudy, kept: KeptView | undefined): { viewport: Viewport; fitted: boolean } {
  const { info } = shown;
  const viewport = cornerstone.getDefaultViewportForImage(element, image);
  viewport.voi = { windowCenter: info.window.center, windowWidth: info.window.width };
  viewport.invert = info.invert;
  viewport.pixelReplication = false;
  Object.assign(viewport, rememberedOrientation(info.file));
  let fitted = true;
  if (kept) {
    const { fitted: keptFitted, ...view } = kept;
    Object.assign(viewport, view);
    fitted = keptFitted;
  }
  // This frame's own table (its stored values map to other modality values than the last one's).
  viewport.voiLUT = windowTable(shown, windowOf(viewport), viewport.invert);
  return { viewport, fitted };
}
