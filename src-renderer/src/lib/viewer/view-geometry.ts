// Fit, zoom and pan as cornerstone viewport changes: the fit at any rotation, a zoom about a point
// on the page, a pan by a share of the canvas, a view linked with another viewport's. Translation is in image pixels along the screen's
// axes, drawn stretched for non-square pixels (fit-to-window.ts screenStretch).
import type { Viewport } from 'cornerstone-core';
import { canvasScale, pageToCanvas } from './hidpi';
import { fitToWindowScale, screenStretch, type Box, type ImageShape } from './fit-to-window';
import { linkedViewOf, viewportFor, type LinkedView } from './linked-view';

type View = Pick<Viewport, 'scale' | 'translation'>;

/** The element's canvas size (cornerstone's canvas matches it). */
export function canvasBox(element: HTMLElement): Box {
  return { width: element.clientWidth, height: element.clientHeight };
}

/** The view zoomed by `factor` (kept within 0.02 to 40) with the image point under the page point held still. */
export function zoomedAt(element: HTMLElement, image: ImageShape, vp: Viewport, factor: number, pageX: number, pageY: number): View {
  const s = vp.scale;
  const s2 = Math.min(40, Math.max(0.02, s * factor));
  // canvas = centre + s * k * (t + q) per screen axis (k: the pixels' drawn stretch there), with q
  // fixed for the image point under the cursor whatever the rotation or flips: so
  // t2 = d / (s2 k) - d / (s k) + t, d = cursor - canvas centre.
  const k = screenStretch(image, vp.rotation);
  const c = pageToCanvas(element, pageX, pageY);
  const dx = c.x - element.clientWidth / 2;
  const dy = c.y - element.clientHeight / 2;
  const t = vp.translation;
  return { scale: s2, translation: { x: dx / (s2 * k.x) - dx / (s * k.x) + t.x, y: dy / (s2 * k.y) - dy / (s * k.y) + t.y } };
}

/** The translation after a pan by a share of the viewport, as a drag of that length would make. */
export function pannedByShare(element: HTMLElement, image: ImageShape, vp: Viewport, sx: number, sy: number): Pick<Viewport, 'translation'> {
  const k = canvasScale(element);
  const dx = sx * element.clientWidth * k;
  const dy = sy * element.clientHeight * k;
  const stretch = screenStretch(image, vp.rotation);
  return { translation: { x: vp.translation.x + dx / (vp.scale * stretch.x), y: vp.translation.y + dy / (vp.scale * stretch.y) } };
}

/** The scale that fits the image to the element's canvas at the viewport's rotation, its pixels drawn in their shape. */
export function fitScaleIn(element: HTMLElement, image: ImageShape, vp: Viewport): number {
  return fitToWindowScale(image, vp.rotation, canvasBox(element));
}

/** The viewport's zoom and pan as a linked view; null when no fit scale can be had. */
export function linkedViewIn(element: HTMLElement, image: ImageShape, vp: Viewport): LinkedView | null {
  const fit = fitScaleIn(element, image, vp);
  return fit ? linkedViewOf(vp.scale, vp.translation, fit, canvasBox(element), screenStretch(image, vp.rotation)) : null;
}

/** The scale and translation that show a linked view in this viewport; null when no fit scale can be had. */
export function linkedViewShown(element: HTMLElement, image: ImageShape, vp: Viewport, v: LinkedView): View | null {
  const fit = fitScaleIn(element, image, vp);
  return fit ? viewportFor(v, fit, canvasBox(element), screenStretch(image, vp.rotation)) : null;
}
