// Zoom and pan in terms two viewports can share: zoom relative to "fit" and pan as a share of the
// canvas, so the same part of two images of different sizes fills the same part of each pane.
// Pure arithmetic on cornerstone's viewport (scale; translation in image pixels).

/** Zoom relative to "fit" and pan as a share of the canvas: comparable between two viewports. */
export interface LinkedView {
  zoom: number;
  pan: { x: number; y: number };
}

export interface Box {
  width: number;
  height: number;
}

/** The scale cornerstone's fitToWindow chooses for an image of rows x columns at this rotation. */
export function fitScale(rows: number, columns: number, rotation: number, box: Box): number {
  const quarter = rotation % 180 !== 0;
  return Math.min(box.width / (quarter ? rows : columns), box.height / (quarter ? columns : rows));
}

export function linkedViewOf(scale: number, translation: { x: number; y: number }, fit: number, box: Box): LinkedView {
  return { zoom: scale / fit, pan: { x: (translation.x * scale) / box.width, y: (translation.y * scale) / box.height } };
}

/** The scale and translation that show a linked view in a viewport whose fit scale and box are these. */
export function viewportFor(v: LinkedView, fit: number, box: Box): { scale: number; translation: { x: number; y: number } } {
  const scale = v.zoom * fit;
  return { scale, translation: { x: (v.pan.x * box.width) / scale, y: (v.pan.y * box.height) / scale } };
}
