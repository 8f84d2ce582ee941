// Sharp images on high-DPI screens. cornerstone-core sizes its canvas to the element's CSS size
// (it turned device-pixel-ratio support off), so the enabled element is laid out at CSS size x
// devicePixelRatio and scaled down by a CSS transform: one canvas pixel per device pixel. Page
// coordinates are converted with that scale in mind.
import cornerstone from 'cornerstone-core';

/** Sizes the enabled element to its box at device resolution. Returns the ratio used. */
export function fitElementToBox(element: HTMLElement, box: HTMLElement): number {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(box.clientWidth * dpr));
  const h = Math.max(1, Math.round(box.clientHeight * dpr));
  element.style.width = `${w}px`;
  element.style.height = `${h}px`;
  element.style.transform = dpr === 1 ? '' : `scale(${1 / dpr})`;
  element.style.transformOrigin = '0 0';
  return dpr;
}

/** Canvas pixels per CSS pixel of the element as shown (1 without scaling). */
export function canvasScale(element: HTMLElement): number {
  const r = element.getBoundingClientRect();
  return r.width > 0 ? element.clientWidth / r.width : 1;
}

/** Page point -> canvas point of the element. */
export function pageToCanvas(element: HTMLElement, pageX: number, pageY: number): { x: number; y: number } {
  const r = element.getBoundingClientRect();
  const k = canvasScale(element);
  return { x: (pageX - r.left - window.scrollX) * k, y: (pageY - r.top - window.scrollY) * k };
}

/** cornerstone.pageToPixel for a scaled element: page point -> image pixel. */
export function pageToPixel(element: HTMLElement, pageX: number, pageY: number): { x: number; y: number } {
  return cornerstone.canvasToPixel(element, pageToCanvas(element, pageX, pageY));
}
