// Streams batches of model inputs from disk: a bounded window of images decodes ahead (prefetch)
// while the model trains on the current batch, so memory stays flat whatever the dataset size.
import type { AugmentOptions } from '../../api/training';
import { resizeGray } from '../inference/preprocess';
import { displayPixels } from '../studies/display-pixels';
import { loadStudy } from '../studies/load-study';
import { augmentInto, type Normalisation } from './augment';
import { seededRandom } from './seeded-random';

export interface Sample {
  file: string;
  label: 0 | 1;
}

export interface Batch {
  /** [size, S, S, 3] float32, normalised. */
  x: Float32Array;
  /** [size] labels (1 = PNEUMONIA). */
  y: Float32Array;
  files: string[];
  size: number;
}

export interface LoaderOptions extends Normalisation {
  inputSize: number;
  batchSize: number;
  augment: AugmentOptions | null;
  /** Seeds the per-image augmentation (with the image's position), so runs repeat exactly. */
  seed: number;
  /** Batches decoded ahead of the one being used. */
  prefetchBatches?: number;
  /** Images decoding at once. */
  concurrency?: number;
  signal?: AbortSignal;
  /** An image that cannot be decoded is left out of its batch and reported here. */
  onFailed?: (file: string, reason: string) => void;
}

/** The 8-bit S x S image the model sees, before augmentation (same path as inference). */
export async function decodeForModel(file: string, size: number): Promise<Uint8Array> {
  const study = await loadStudy(file);
  return resizeGray(displayPixels(study), study.rows, study.columns, size);
}

type Decoded = { pixels: Uint8Array } | { error: string };

export async function* loadBatches(samples: Sample[], opts: LoaderOptions): AsyncGenerator<Batch> {
  const { inputSize: S, batchSize } = opts;
  const window = Math.max(1, (opts.prefetchBatches ?? 2) + 1) * batchSize;
  const limit = opts.concurrency ?? 4;
  let active = 0;
  const waiting: Array<() => void> = [];
  const acquire = async () => {
    if (active < limit) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const releaseSlot = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  const decode = async (s: Sample): Promise<Decoded> => {
    await acquire();
    try {
      return { pixels: await decodeForModel(s.file, S) };
    } catch (err) {
      return { error: err instanceof Error ? err.message.replace(`${s.file}: `, '') : String(err) };
    } finally {
      releaseSlot();
    }
  };

  const pending: Array<Promise<Decoded>> = [];
  let started = 0;
  const fill = () => {
    while (started < samples.length && pending.length < window) pending.push(decode(samples[started++]));
  };
  const stride = S * S * 3;
  let batch = newBatch(batchSize, stride);
  for (let i = 0; i < samples.length; i++) {
    opts.signal?.throwIfAborted();
    fill();
    const d = await pending.shift()!;
    const s = samples[i];
    if ('error' in d) {
      opts.onFailed?.(s.file, d.error);
    } else {
      const random = seededRandom((opts.seed * 1000003 + i) >>> 0);
      augmentInto(d.pixels, S, opts.augment, random, opts, batch.x, batch.size * stride);
      batch.y[batch.size] = s.label;
      batch.files.push(s.file);
      batch.size++;
    }
    if (batch.size === batchSize) {
      yield batch;
      batch = newBatch(batchSize, stride);
    }
  }
  if (batch.size > 0) {
    yield { x: batch.x.subarray(0, batch.size * stride), y: batch.y.subarray(0, batch.size), files: batch.files, size: batch.size };
  }
}

function newBatch(batchSize: number, stride: number): Batch {
  return { x: new Float32Array(batchSize * stride), y: new Float32Array(batchSize), files: [], size: 0 };
}
