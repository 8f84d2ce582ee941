// The frozen part's activations for fast adaptation, computed once per view with the inference
// runtime (ONNX Runtime where it loads) and cached as float32 chunk files in the user folder; the
// training epochs then read them back instead of running the frozen 85% of ResNet18 again. View 0
// of every image is the plain inference input; views 1.. are augmented (rotation, shift, zoom,
// brightness, contrast). The cache folder belongs to one run and is removed by its owner.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AugmentOptions } from '../../api/training';
import type { InferenceRuntime, IntermediateOutput } from '../runtime/inference-runtime';
import type { Normalisation } from './augment';
import { loadBatches, type Sample } from './image-loader';
import { seededRandom, shuffle } from './seeded-random';

export interface FeatureChunk {
  file: string;
  /** Images in the chunk. */
  n: number;
  labels: Float32Array;
  /** Source image of each row (for patient-level bookkeeping). */
  sources: string[];
}

export interface FeatureSet {
  chunks: FeatureChunk[];
  failed: Array<{ file: string; reason: string }>;
  /** Values per image ([h, w, c] of the frozen output). */
  stride: number;
}

export interface FeatureJob {
  runtime: InferenceRuntime;
  output: IntermediateOutput;
  samples: Sample[];
  /** Views per image: 1 = the plain input only. */
  views: number;
  augment: AugmentOptions;
  norm: Normalisation;
  inputSize: number;
  batchSize: number;
  seed: number;
  cacheDir: string;
  /** Chunk file names start with this (e.g. 'train', 'val'). */
  tag: string;
  signal: AbortSignal;
  onImages(done: number): void;
}

export async function computeFeatures(j: FeatureJob): Promise<FeatureSet> {
  await mkdir(j.cacheDir, { recursive: true });
  const chunks: FeatureChunk[] = [];
  const failed = new Map<string, string>();
  let stride = 0;
  let done = 0;
  for (let view = 0; view < j.views; view++) {
    // Shuffled per view, so a chunk (one training step) mixes classes and patients.
    const order = shuffle([...j.samples], seededRandom(j.seed * 31 + view));
    const batches = loadBatches(order, {
      ...j.norm,
      inputSize: j.inputSize,
      batchSize: j.batchSize,
      augment: view === 0 ? null : j.augment,
      seed: j.seed * 7919 + view,
      signal: j.signal,
      onFailed: (file, reason) => failed.set(file, reason),
    });
    for await (const b of batches) {
      const out = await j.runtime.run(b.x, b.size, { extra: [j.output] });
      const t = out.extra[j.output];
      if (!t) throw new Error(`the inference runtime (${j.runtime.engine}) gave no '${j.output}' output`);
      stride = t.data.length / b.size;
      const file = join(j.cacheDir, `${j.tag}-v${view}-${chunks.length}.f32`);
      await writeFile(file, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
      chunks.push({ file, n: b.size, labels: Float32Array.from(b.y), sources: [...b.files] });
      done += b.size;
      j.onImages(done);
      j.signal.throwIfAborted();
    }
  }
  return { chunks, failed: [...failed].map(([file, reason]) => ({ file, reason })), stride };
}

export async function readChunk(chunk: FeatureChunk): Promise<Float32Array> {
  const buf = await readFile(chunk.file);
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}
