// The scale that fits an image in the canvas, and how far a canvas pixel moves per unit of
// translation, for pixels of any shape at any rotation. cornerstone-core draws a pixel
// row/columnPixelSpacing-shaped (it stretches the image along the image axis of the larger
// spacing, before rotating), but its fitToWindow applies that stretch along the screen axis, so an
// image with non-square pixels turned a quarter fitted at up to half the size it should.

/** What cornerstone draws an image's shape from. */
export interface ImageShape {
  rows: number;
  columns: number;
  rowPixelSpacing?: number;
  columnPixelSpacing?: number;
}

export interface Box {
  width: number;
  height: number;
}

/** cornerstone's stretch per image axis at scale 1 (calculateTransform): the axis of the larger spacing is drawn longer. */
function imageStretch(image: ImageShape): { x: number; y: number } {
  const r = image.rowPixelSpacing;
  const c = image.columnPixelSpacing;
  if (!r || !c) return { x: 1, y: 1 };
  return { x: r < c ? c / r : 1, y: c < r ? r / c : 1 };
}

/** Canvas pixels per image pixel along the screen's x and y at viewport scale 1, after a turn of a multiple of 90 degrees. */
export function screenStretch(image: ImageShape, rotation: number): { x: number; y: number } {
  const s = imageStretch(image);
  return quarterTurned(rotation) ? { x: s.y, y: s.x } : s;
}

/** The scale that shows all of the image, as large as the box allows, at this rotation. */
export function fitToWindowScale(image: ImageShape, rotation: number, box: Box): number {
  const s = imageStretch(image);
  const w = image.columns * s.x;
  const h = image.rows * s.y;
  const a = (rotation * Math.PI) / 180;
  // The drawn rectangle's bounding box on screen (any angle; a quarter turn swaps w and h).
  const cos = Math.abs(Math.cos(a));
  const sin = Math.abs(Math.sin(a));
  const across = w * cos + h * sin;
  const down = w * sin + h * cos;
  return Math.min(box.width / across, box.height / down);
}

function quarterTurned(rotation: number): boolean {
  return Math.round(rotation / 90) % 2 !== 0;
}
