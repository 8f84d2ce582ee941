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

/** Samples per chunk so that one patch matrix stays under `maxElements` floats (at least one sample). */
export function samplesPerChunk(g: ConvGeometry, maxElements: number): number {
  const perSample = g.outHeight * g.outWidth * g.filterHeight * g.filterWidth * g.inChannels;
  return Math.max(1, Math.min(g.batch, Math.floor(maxElements / Math.max(1, perSample))));
}

/** Largest patch matrix one chunk of a conv gradient builds, in floats (64 MB). */
export const MAX_COL_ELEMENTS = 16 * 1024 * 1024;
