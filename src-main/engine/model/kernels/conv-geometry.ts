// Reads a conv's geometry through tfjs's own computeConv2DInfo, so padding rules match tfjs exactly.
import type { Tf } from './tf-type';
import type { ConvGeometry } from './im2col';

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

export function convGeometry(
  tf: Tf,
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: [number, number] | number,
  pad: Pad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** Largest patch matrix one chunk of a conv gradient builds, in floats (64 MB). */
export const MAX_COL_ELEMENTS = 16 * 1024 * 1024;

/**
 * Patch-matrix rows per chunk: at most `maxRows`, and few enough that the chunk stays under
 * `maxElements` floats (at least one row).
 */
export function rowsPerChunk(g: ConvGeometry, maxElements: number, maxRows = Infinity): number {
  const perRow = g.filterHeight * g.filterWidth * g.inChannels;
  return Math.max(1, Math.min(maxRows, Math.floor(maxElements / Math.max(1, perRow))));
}
