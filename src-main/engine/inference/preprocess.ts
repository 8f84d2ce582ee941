// How a study becomes the model input. The model sees what a radiologist sees by default: the
// 8-bit display pixels (window / VOI LUT / MONOCHROME1 already applied), squashed to the card's
// input size, scaled to [0, 1], normalised per channel, gray copied into 3 equal channels.
import sharp from 'sharp';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { ModelCard } from '../../api/model-card';
import type { Tf } from '../model/tf-backend';
import { displayPixels } from '../studies/display-pixels';
import type { Study } from '../studies/study';
import { pilBilinear } from './pil-bilinear';

/**
 * Squash-resize 8-bit gray pixels to size x size (aspect ratio not kept, as the training data was).
 * Kernel: sharp/libvips 'linear' (bilinear, antialiased when shrinking: libvips box-shrinks by the
 * integer part of the factor, then reduces with a triangle filter). That matches PIL's
 * Image.resize(BILINEAR) - what torchvision's Resize does on PIL images - closely, and differs
 * from cv2.INTER_LINEAR (no antialiasing) on large shrinks. Training recipes should use PIL.
 * Enlarging uses PIL's kernel itself (pil-bilinear.ts).
 */
export async function resizeGray(gray: Uint8Array, rows: number, columns: number, size: number): Promise<Uint8Array> {
  if (gray.length !== rows * columns) {
    throw new Error(`resizeGray: ${gray.length} pixels for a ${columns}x${rows} image`);
  }
  if (rows === size && columns === size) return gray;
  // Enlarging (a side under the input size): libvips and PIL place the samples apart by up to a
  // pixel, so a small image got a shifted picture; PIL's own kernel is exact and cheap at this size.
  if (rows < size || columns < size) return pilBilinear(gray, rows, columns, size, size);
  const { data, info } = await sharp(gray, { raw: { width: columns, height: rows, channels: 1 } })
    .resize(size, size, { fit: 'fill', kernel: 'linear' })
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 || info.width !== size || info.height !== size) {
    throw new Error(`resizeGray: sharp returned ${info.width}x${info.height}x${info.channels}`);
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The study's display pixels at the model's input size (what the model actually sees, 8-bit); pass `display` when it is already made. */
export async function modelPixels(study: Study, card: ModelCard, display = displayPixels(study)): Promise<Uint8Array> {
  return resizeGray(display, study.rows, study.columns, inputSizeOf(card));
}

/**
 * Writes one image's model input, NHWC [S, S, 3] float32, into `out` at image slot `index`:
 * (pixel / 255 - mean[c]) / std[c] for each of the 3 equal channels. Returns `out`.
 */
export function normalizeInto(pixels: Uint8Array, card: ModelCard, out?: Float32Array, index = 0): Float32Array {
  const size = inputSizeOf(card);
  if (pixels.length !== size * size) {
    throw new Error(`model input: ${pixels.length} pixels, expected ${size}x${size}`);
  }
  const data = out ?? new Float32Array(size * size * 3);
  const { mean, std } = card.preprocessing;
  // One lookup table per channel: 256 values instead of 3 divisions per pixel.
  const lut = [0, 1, 2].map((c) => {
    const t = new Float32Array(256);
    for (let v = 0; v < 256; v++) t[v] = (v / 255 - mean[c]) / std[c];
    return t;
  });
  const [l0, l1, l2] = lut;
  for (let i = 0, j = index * size * size * 3; i < pixels.length; i++, j += 3) {
    const v = pixels[i];
    data[j] = l0[v];
    data[j + 1] = l1[v];
    data[j + 2] = l2[v];
  }
  return data;
}

/** [1, S, S, 3] float32 tensor of normalizeInto (tfjs callers: training, tests). */
export function inputTensor(tf: Tf, pixels: Uint8Array, card: ModelCard): Tensor4D {
  const size = inputSizeOf(card);
  return tf.tensor4d(normalizeInto(pixels, card), [1, size, size, 3], 'float32');
}

/** Study -> normalised model input [1, S, S, 3]. The caller owns (disposes) the tensor. */
export async function modelInput(tf: Tf, study: Study, card: ModelCard, display?: Uint8Array): Promise<Tensor4D> {
  return inputTensor(tf, await modelPixels(study, card, display), card);
}

function inputSizeOf(card: ModelCard): number {
  const size = card.preprocessing?.inputSize ?? card.inputSize;
  if (size !== card.inputSize) {
    throw new Error(`model card ${card.id}: inputSize ${card.inputSize} and preprocessing.inputSize ${size} disagree`);
  }
  return size;
}
