// A tfjs layers model on disk without tfjs-node (tf.io.fileSystem is tfjs-node only): the standard
// model.json + weight shard layout, written and read here so any tfjs loader can read it too.
import { lstat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { AlveoError } from '../../api/errors';
import { readRegularFile } from '../files/regular-file';
import { float32ToFloat16Bits } from './float16';
import type { Tf } from './tf-backend';

export const MODEL_JSON = 'model.json';
/** Shards stay under this size (repository and download friendly). */
export const DEFAULT_SHARD_BYTES = 4 * 1024 * 1024;

export type WeightQuantization = 'none' | 'float16';

export interface WriteModelOptions {
  /**
   * 'float16' stores conv and dense kernels (all rank >= 2 float32 weights, 99.9% of the bytes) as
   * IEEE half floats with the standard weightsManifest `quantization` entry, which tfjs loaders
   * dequantise. BatchNorm statistics and biases stay float32 (tiny, and variances are precision
   * sensitive).
   */
  quantize?: WeightQuantization;
  shardBytes?: number;
}

export interface ModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  modelTopology: unknown;
  weightsManifest: Array<{ paths: string[]; weights: io.WeightsManifestEntry[] }>;
  trainingConfig?: unknown;
  userDefinedMetadata?: Record<string, unknown>;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

function joinBuffers(data: ArrayBuffer | ArrayBuffer[]): Uint8Array {
  if (!Array.isArray(data)) return new Uint8Array(data);
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out;
}

function elements(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Writes model.json and group1-shardNofM.bin into `dir` (which must exist). Returns the file names. */
export async function writeModelFiles(tf: Tf, model: LayersModel, dir: string, opts: WriteModelOptions = {}): Promise<string[]> {
  const quantize = opts.quantize ?? 'none';
  const shardBytes = opts.shardBytes ?? DEFAULT_SHARD_BYTES;
  let artifacts: io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const saved = artifacts as io.ModelArtifacts | null;
  if (!saved?.weightSpecs || !saved.weightData) throw new Error('model.save produced no weights');

  const raw = joinBuffers(saved.weightData as ArrayBuffer | ArrayBuffer[]);
  const half = (spec: io.WeightsManifestEntry) => quantize === 'float16' && spec.dtype === 'float32' && spec.shape.length >= 2;
  const outBytes = saved.weightSpecs.reduce((n, s) => n + elements(s.shape) * (half(s) ? 2 : (BYTES[s.dtype] ?? 4)), 0);
  const all = new Uint8Array(outBytes);
  const specs: io.WeightsManifestEntry[] = [];
  let offset = 0;
  let at = 0;
  for (const spec of saved.weightSpecs) {
    const size = elements(spec.shape) * (BYTES[spec.dtype] ?? 4);
    const bytes = raw.subarray(offset, offset + size);
    offset += size;
    if (half(spec)) {
      const h = float32ToFloat16Bits(new Float32Array(bytes.slice().buffer));
      all.set(new Uint8Array(h.buffer), at);
      at += h.byteLength;
      specs.push({ ...spec, quantization: { dtype: 'float16' } });
    } else {
      all.set(bytes, at);
      at += size;
      specs.push({ ...spec });
    }
  }
  if (offset !== raw.byteLength) throw new Error(`weight specs cover ${offset} bytes but the model saved ${raw.byteLength}`);

  const count = Math.max(1, Math.ceil(all.byteLength / shardBytes));
  const paths = Array.from({ length: count }, (_, i) => `group1-shard${i + 1}of${count}.bin`);
  for (let i = 0; i < count; i++) {
    await writeFile(join(dir, paths[i]), all.subarray(i * shardBytes, Math.min(all.byteLength, (i + 1) * shardBytes)));
  }
  const json: ModelJson = {
    format: saved.format ?? 'layers-model',
    generatedBy: saved.generatedBy,
    convertedBy: saved.convertedBy ?? null,
    modelTopology: saved.modelTopology,
    weightsManifest: [{ paths, weights: specs }],
  };
  if (saved.trainingConfig) json.trainingConfig = saved.trainingConfig;
  await writeFile(join(dir, MODEL_JSON), JSON.stringify(json));
  return [MODEL_JSON, ...paths];
}

export async function readModelJson(dir: string): Promise<ModelJson> {
  const file = join(dir, MODEL_JSON);
  let text: string;
  try {
    text = await readRegularFile(file, 'utf8');
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    throw new AlveoError('NOT_FOUND', `cannot read the model topology (${(err as Error).message})`, file);
  }
  let json: ModelJson;
  try {
    json = JSON.parse(text) as ModelJson;
  } catch (err) {
    throw new AlveoError('CORRUPT', `not valid JSON (${(err as Error).message})`, file);
  }
  if (!json || typeof json !== 'object' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new AlveoError('CORRUPT', 'not a tfjs layers model (modelTopology or weightsManifest missing)', file);
  }
  for (const group of json.weightsManifest) {
    if (!group || !Array.isArray(group.paths) || !Array.isArray(group.weights)) throw new AlveoError('CORRUPT', 'a weightsManifest entry without paths or weights', file);
    // Each weight file is named alone, inside the model's folder: a '../' name would make an
    // import or a calibration read and write files anywhere (a crafted model from a share).
    for (const p of group.paths) {
      const problem = weightFileNameProblem(p);
      if (problem) throw new AlveoError('CORRUPT', `weight file ${JSON.stringify(p)} in model.json ${problem}: refused`, file);
    }
  }
  return json;
}

/** Why a weight file name from model.json is not a plain file name of the model's folder; null when it is. */
export function weightFileNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'is not a file name';
  if (name.length > 255) return 'is longer than a file name may be';
  if (/[\\/]/.test(name) || name === '.' || name === '..') return 'is a path, not a file name in the model folder';
  if (name.startsWith('.')) return 'is a hidden file name';
  if (/[\u0000-\u001f\u007f:]/.test(name)) return 'holds characters no file name has';
  if ([MODEL_JSON, 'card.json'].includes(name)) return `names the model's own ${name}`;
  return null;
}

/** Names of the weight files a model folder needs (from its model.json). */
export function weightFiles(json: ModelJson): string[] {
  return json.weightsManifest.flatMap((g) => g.paths);
}

/** Bytes of weight data the manifest describes (float16-quantised weights count 2 bytes each). */
function manifestBytes(json: ModelJson): number {
  return json.weightsManifest.flatMap((g) => g.weights).reduce((n, s) => n + elements(s.shape) * (BYTES[s.quantization?.dtype ?? s.dtype] ?? 4), 0);
}

/**
 * The weight files exist and together hold what the manifest describes (sizes only, no read): a
 * truncated copy is refused before it goes into the store, not at its first prediction.
 */
export async function checkWeightFiles(dir: string, json: ModelJson): Promise<void> {
  let held = 0;
  for (const p of weightFiles(json)) {
    const file = join(dir, p);
    const s = await lstat(file).catch((err: Error) => {
      throw new AlveoError('NOT_FOUND', `weight file listed in model.json is missing (${err.message})`, file);
    });
    // An import copies what a link points at: a folder from elsewhere must not pull in other files of this machine.
    if (!s.isFile()) throw new AlveoError('BAD_ARGUMENT', `weight file listed in model.json is ${s.isSymbolicLink() ? 'a link' : 'not a plain file'}: an imported model's files must be its own`, file);
    held += s.size;
  }
  const expected = manifestBytes(json);
  if (held !== expected) throw new AlveoError('CORRUPT', `weight files hold ${held} bytes, the manifest describes ${expected} (truncated or from another model)`, join(dir, MODEL_JSON));
}

/** Reads model.json and its shards; checks the shard bytes match what the manifest describes. */
export async function readModelArtifacts(dir: string): Promise<io.ModelArtifacts> {
  const json = await readModelJson(dir);
  const buffers: Uint8Array[] = [];
  for (const p of weightFiles(json)) {
    const file = join(dir, p);
    try {
      buffers.push(await readRegularFile(file));
    } catch (err) {
      if (err instanceof AlveoError) throw err;
      throw new AlveoError('NOT_FOUND', `weight file missing (${(err as Error).message})`, file);
    }
  }
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const data = joinBuffers(buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer));
  const expected = manifestBytes(json);
  if (expected !== data.byteLength) {
    throw new AlveoError('CORRUPT', `weight files hold ${data.byteLength} bytes, the manifest describes ${expected}`, join(dir, MODEL_JSON));
  }
  return {
    modelTopology: json.modelTopology as io.ModelArtifacts['modelTopology'],
    weightSpecs,
    weightData: data.buffer as ArrayBuffer,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
    trainingConfig: json.trainingConfig as io.ModelArtifacts['trainingConfig'],
  };
}

/** An IOHandler for tf.loadLayersModel that reads a model folder from disk. */
export function fileModelHandler(dir: string): io.IOHandler {
  return { load: () => readModelArtifacts(dir) };
}

export async function loadLayersModelFrom(tf: Tf, dir: string): Promise<LayersModel> {
  return tf.loadLayersModel(fileModelHandler(dir));
}
