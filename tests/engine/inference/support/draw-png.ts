// Test images drawn on purpose: a black background with filled rectangles of given gray levels.
import sharp from 'sharp';

export interface Box {
  top: number;
  left: number;
  height: number;
  width: number;
  value: number;
}

export function drawGray(rows: number, columns: number, boxes: Box[], background = 0): Uint8Array {
  const px = new Uint8Array(rows * columns).fill(background);
  for (const b of boxes) {
    for (let r = b.top; r < b.top + b.height; r++) px.fill(b.value, r * columns + b.left, r * columns + b.left + b.width);
  }
  return px;
}

export async function writeGrayPng(file: string, rows: number, columns: number, boxes: Box[], background = 0): Promise<void> {
  const px = drawGray(rows, columns, boxes, background);
  await sharp(px, { raw: { width: columns, height: rows, channels: 1 } }).png().toFile(file);
}
