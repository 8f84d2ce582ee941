// Zoom and pan in terms two viewports can share: zoom relative to "fit" and pan as a share of the
// canvas, so the same part of two images of different sizes (or pixel shapes) fills the same part
// of each pane. Pure arithmetic on cornerstone's viewport (scale; translation in image pixels).

/** Zoom relative to "fit" and pan as a share of the canvas: comparable between two viewports. */
export interface LinkedView {
  zoom: number;
  pan: { x: number; y: number };
}

export interface Box {
  width: number;
  height: number;
}

/** Canvas pixels per image pixel along the screen's axes at scale 1 (see fit-to-window.ts screenStretch). */
export interface Stretch {
  x: number;
  y: number;
}

const SQUARE: Stretch = { x: 1, y: 1 };

export function linkedViewOf(scale: number, translation: { x: number; y: number }, fit: number, box: Box, stretch: Stretch = SQUARE): LinkedView {
  return { zoom: scale / fit, pan: { x: (translation.x * scale * stretch.x) / box.width, y: (translation.y * scale * stretch.y) / box.height } };
}

/** The scale and translation that show a linked view in a viewport whose fit scale, box and pixel stretch are these. */
export function viewportFor(v: LinkedView, fit: number, box: Box, stretch: Stretch = SQUARE): { scale: number; translation: { x: number; y: number } } {
  const scale = v.zoom * fit;
  return { scale, translation: { x: (v.pan.x * box.width) / (scale * stretch.x), y: (v.pan.y * box.height) / (scale * stretch.y) } };
}
