// Out-of-distribution statistics stored with a model (ood.json beside card.json): class means and a
// shared precision matrix of the network's pooled layer4 features over its training images, as in
// Lee et al. 2018 ("A simple unified framework for detecting OOD samples", class-conditional
// Gaussians with a tied covariance) and FRODO (Çallı et al. 2019) for chest X-rays. The score of an
// image is its smallest squared Mahalanobis distance to a class mean; above the stored threshold the
// image is unlike anything the model was trained on. Written by training/pytorch/ood_stats.py.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { AlveoError } from '../../api/errors';
import { readRegularFileSync } from '../files/regular-file';

export const OOD_JSON = 'ood.json';
export const OOD_FORMAT = 'alveo-ood-mahalanobis/1';

export interface OodStatsFile {
  format: typeof OOD_FORMAT;
  /** Which features: e.g. "layer4_out, global average pooled (512)". */
  features: string;
  dim: number;
  classes: string[];
  /** float32 little endian, base64: classes x dim, row-major. */
  means: string;
  /**
   * float32 little endian, base64: the lower-triangular Cholesky factor L of the precision matrix
   * (P = L Lᵀ), rows packed (row i holds L[i][0..i]): half the size of P, and the distance is a
   * plain sum of squares.
   */
  precisionCholesky: string;
  /** Squared-distance limit: at or above it the warning fires. */
  threshold: number;
  thresholdRule: string;
  /** The fc layer of the weights the statistics were fitted with: other weights, other features. */
  head: { bias: number; kernelNorm: number; kernelSum: number };
  /** Free-form record of what the statistics were fitted on and measured against. */
  fitted?: unknown;
  measured?: unknown;
}

export interface OodStats {
  dim: number;
  classes: string[];
  means: Float32Array[];
  /** Packed lower triangle, length dim (dim + 1) / 2. */
  cholesky: Float32Array;
  threshold: number;
  thresholdRule: string;
  head: OodStatsFile['head'];
}

/** The classifier head of a loaded model (InferenceRuntime.head): logit = pooled . weights + bias. */
export interface HeadWeights {
  weights: ArrayLike<number>;
  bias: number;
}

function float32s(b64: string, expected: number, what: string, file: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.byteLength !== expected * 4) {
    throw new AlveoError('CORRUPT', `${what} holds ${bytes.byteLength} bytes, expected ${expected * 4}`, file);
  }
  const out = new Float32Array(expected);
  for (let i = 0; i < expected; i++) out[i] = bytes.readFloatLE(i * 4);
  return out;
}

/** Checks and decodes an ood.json object; `file` names it in errors. */
export function parseOodStats(json: unknown, file: string): OodStats {
  const j = json as Partial<OodStatsFile> | null;
  if (!j || typeof j !== 'object' || j.format !== OOD_FORMAT) {
    throw new AlveoError('UNSUPPORTED', `not an ${OOD_FORMAT} file (format ${JSON.stringify(j?.format)})`, file);
  }
  const { dim, classes, threshold } = j;
  if (!Number.isInteger(dim) || (dim as number) < 1) throw new AlveoError('CORRUPT', `dim must be a positive integer, got ${dim}`, file);
  if (!Array.isArray(classes) || classes.length < 1) throw new AlveoError('CORRUPT', 'classes must be a non-empty list', file);
  if (typeof threshold !== 'number' || !(threshold > 0)) throw new AlveoError('CORRUPT', `threshold must be a positive number, got ${threshold}`, file);
  if (typeof j.means !== 'string' || typeof j.precisionCholesky !== 'string') throw new AlveoError('CORRUPT', 'means and precisionCholesky must be base64 strings', file);
  const head = j.head;
  if (!head || ![head.bias, head.kernelNorm, head.kernelSum].every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new AlveoError('CORRUPT', 'head must give the fc bias, kernelNorm and kernelSum the statistics were fitted with', file);
  }
  const d = dim as number;
  const flat = float32s(j.means, classes.length * d, 'means', file);
  const means = classes.map((_, c) => flat.subarray(c * d, (c + 1) * d));
  const cholesky = float32s(j.precisionCholesky, (d * (d + 1)) / 2, 'precisionCholesky', file);
  return { dim: d, classes: classes.map(String), means, cholesky, threshold, thresholdRule: String(j.thresholdRule ?? ''), head };
}

const cache = new Map<string, { mtime: number; stats: OodStats | null }>();

/**
 * The model folder's OOD statistics, or null when it has none (models trained in the app, older
 * models). Read once per file version. A present but broken file is an error, not a silent null.
 */
export function loadOodStats(modelDir: string): OodStats | null {
  const file = join(modelDir, OOD_JSON);
  const mtime = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  if (mtime === undefined) return null;
  const hit = cache.get(file);
  if (hit && hit.mtime === mtime) return hit.stats;
  let json: unknown;
  try {
    json = JSON.parse(readRegularFileSync(file, 'utf8'));
  } catch (err) {
    throw new AlveoError('CORRUPT', `cannot read the out-of-distribution statistics in ${file} (${(err as Error).message})`, file);
  }
  const stats = parseOodStats(json, file);
  cache.set(file, { mtime, stats });
  return stats;
}

/**
 * Whether `head` is the fc layer the statistics were fitted with (to float16 storage precision):
 * a model retrained in place keeps its folder but not its features.
 */
export function headMatches(stats: OodStats, head: HeadWeights): boolean {
  let norm = 0;
  let sum = 0;
  for (let i = 0; i < head.weights.length; i++) {
    norm += head.weights[i] ** 2;
    sum += head.weights[i];
  }
  const close = (a: number, b: number, scale: number) => Math.abs(a - b) <= 1e-3 * Math.max(scale, 1e-6);
  const n = Math.sqrt(norm);
  return close(n, stats.head.kernelNorm, stats.head.kernelNorm) && close(sum, stats.head.kernelSum, stats.head.kernelNorm) && close(head.bias, stats.head.bias, Math.max(Math.abs(stats.head.bias), 0.01));
}

/** Squared Mahalanobis distance (x - mean)ᵀ P (x - mean) = |Lᵀ (x - mean)|², for every class. */
export function mahalanobis(stats: OodStats, pooled: ArrayLike<number>): number[] {
  const { dim, cholesky } = stats;
  if (pooled.length !== dim) throw new Error(`OOD score: ${pooled.length} features, the statistics have ${dim}`);
  const diff = new Float64Array(dim);
  const acc = new Float64Array(dim);
  return stats.means.map((mean) => {
    for (let i = 0; i < dim; i++) diff[i] = pooled[i] - mean[i];
    acc.fill(0);
    // (Lᵀ d)_j = Σ_{i >= j} L[i][j] d_i: walk the packed rows in storage order.
    let k = 0;
    for (let i = 0; i < dim; i++) {
      const di = diff[i];
      for (let j = 0; j <= i; j++) acc[j] += cholesky[k++] * di;
    }
    let s = 0;
    for (let j = 0; j < dim; j++) s += acc[j] * acc[j];
    return s;
  });
}

/** The OOD score: the distance to the nearest class (an image of either class is in distribution). */
export function oodScore(stats: OodStats, pooled: ArrayLike<number>): number {
  return Math.min(...mahalanobis(stats, pooled));
}
