// A colour study as a cornerstone image: the engine's RGBA bytes as they arrived (no copy), drawn
// by cornerstone's colour path (renderColorImage), which windows R, G and B alike over 0..255.
import type { CsImage } from 'cornerstone-core';
import type { StudyInfo } from '../../../../src-main/api/contract';

export function colourCsImage(imageId: string, info: StudyInfo, rgba: Uint8Array): CsImage {
  const { rows, columns } = info;
  if (rgba.length !== 4 * rows * columns) throw new Error(`colour pixels are ${rgba.length} bytes for a ${columns}x${rows} image`);
  const spacing = info.display?.spacing;
  return {
    imageId,
    minPixelValue: 0,
    maxPixelValue: 255,
    slope: 1,
    intercept: 0,
    windowCenter: info.window.center,
    windowWidth: info.window.width,
    getPixelData: () => rgba,
    rows,
    columns,
    height: rows,
    width: columns,
    color: true,
    columnPixelSpacing: spacing?.column,
    rowPixelSpacing: spacing?.row,
    invert: info.invert,
    sizeInBytes: rgba.byteLength,
  };
}
