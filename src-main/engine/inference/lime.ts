// LIME for one image (Ribeiro, Singh, Guestrin, "Why Should I Trust You?", KDD 2016), as the
// lime package's LimeImageExplainer does it, on the pixels the model sees:
//  1. superpixels of the model-size display pixels (SLIC, lime-superpixels.ts);
//  2. samples: sample 0 is the image itself, the others switch each superpixel on or off with
//     probability 1/2; an "off" superpixel is filled with black (display 0, lime's hide_color=0:
//     on a radiograph, black is "no tissue seen" rather than a made-up texture);
//  3. the model's probability for every sample, in batches through the inference runtime;
//  4. a weighted ridge fit (alpha 1) of probability on the on/off vector, each sample weighted by
//     sqrt(exp(-d^2 / 0.25^2)) where d is the cosine distance of its on/off vector to all-on.
// A region's coefficient is how much its presence changes the probability; the regions with the
// largest positive coefficients are the explanation.
import { AlveoError } from '../../api/errors';
import { seededRandom } from '../training/seeded-random';
import { weightedRidge } from './lime-ridge';
import { slicSuperpixels, type Superpixels } from './lime-superpixels';

/** Probabilities of n preprocessed images: NHWC [n, S, S, 3] float32, normalised as the model card says. */
export type PredictBatch = (input: Float32Array, n: number) => Promise<Float32Array>;

export interface Normalisation {
  mean: readonly number[];
  std: readonly number[];
}

export interface LimeOptions {
  /** Perturbed samples including the image itself (>= 1000 for a stable fit; fewer only in tests). */
  samples?: number;
  /** Wanted number of superpixels. */
  regions?: number;
  /** Images per forward pass (the runtime's preferred batch). */
  batch?: number;
  seed?: number;
  /** How many of the best regions the explanation names. */
  top?: number;
  kernelWidth?: number;
  alpha?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface LimeFit {
  /** The superpixels, at the model's input size. */
  superpixels: Superpixels;
  /** Ridge coefficient of each region: its effect on the probability when present. */
  weights: Float64Array;
  intercept: number;
  /** Weighted R^2 of the surrogate: how locally linear the model looked. */
  r2: number;
  /** The model's probability for the unperturbed image (sample 0). */
  probability: number;
  /** Regions with a positive weight of at least a tenth of the best one's, best first, at most `top`. */
  top: number[];
  samples: number;
  ms: number;
}

export const LIME_DEFAULTS = { samples: 1000, regions: 50, batch: 16, seed: 1, top: 5, kernelWidth: 0.25, alpha: 1 } as const;

export async function explainLime(pixels: Uint8Array, size: number, norm: Normalisation, predict: PredictBatch, opts: LimeOptions = {}): Promise<LimeFit> {
  const started = performance.now();
  const o = { ...LIME_DEFAULTS, ...opts };
  if (pixels.length !== size * size) throw new Error(`explainLime: ${pixels.length} pixels for ${size}x${size}`);
  if (!Number.isInteger(o.samples) || o.samples < 2) throw new AlveoError('BAD_ARGUMENT', `LIME needs at least 2 samples, got ${o.samples}`);
  const sp = slicSuperpixels(pixels, size, size, { regions: o.regions });
  const k = sp.count;
  const z = sampleMasks(o.samples, k, o.seed);
  const luts = channelLuts(norm);
  const fill = [luts[0][0], luts[1][0], luts[2][0]];
  const y = new Float64Array(o.samples);
  const px = size * size;
  o.onProgress?.(0, o.samples);
  for (let first = 0; first < o.samples; first += o.batch) {
    throwIfCancelled(o.signal);
    const n = Math.min(o.batch, o.samples - first);
    const input = new Float32Array(n * px * 3);
    for (let s = 0; s < n; s++) {
      const on = z.subarray((first + s) * k, (first + s + 1) * k);
      for (let i = 0, j = s * px * 3; i < px; i++, j += 3) {
        if (on[sp.labels[i]]) {
          const v = pixels[i];
          input[j] = luts[0][v];
          input[j + 1] = luts[1][v];
          input[j + 2] = luts[2][v];
        } else {
          input[j] = fill[0];
          input[j + 1] = fill[1];
          input[j + 2] = fill[2];
        }
      }
    }
    const probs = await predict(input, n);
    if (probs.length !== n) throw new Error(`LIME: the model returned ${probs.length} probabilities for ${n} images`);
    y.set(probs, first);
    o.onProgress?.(first + n, o.samples);
  }
  throwIfCancelled(o.signal);
  const fit = weightedRidge(z, y, kernelWeights(z, o.samples, k, o.kernelWidth), k, o.alpha);
  // Regions under a tenth of the best one's weight are noise next to it: not named.
  const best = Math.max(...fit.coefficients);
  const top = [...fit.coefficients.keys()]
    .filter((r) => fit.coefficients[r] > 0 && fit.coefficients[r] >= best / 10)
    .sort((a, b) => fit.coefficients[b] - fit.coefficients[a])
    .slice(0, o.top);
  return { superpixels: sp, weights: fit.coefficients, intercept: fit.intercept, r2: fit.r2, probability: y[0], top, samples: o.samples, ms: performance.now() - started };
}

/** Row 0 all on (the image itself); every other row: each region on with probability 1/2. */
export function sampleMasks(samples: number, k: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const z = new Uint8Array(samples * k);
  z.fill(1, 0, k);
  for (let i = k; i < z.length; i++) z[i] = random() < 0.5 ? 1 : 0;
  return z;
}

/**
 * sqrt(exp(-d^2 / width^2)) with d the cosine distance between a sample's on/off vector and the
 * all-on vector: for a 0/1 vector with s ones out of k, d = 1 - sqrt(s / k) (1 for none on).
 */
export function kernelWeights(z: Uint8Array, samples: number, k: number, width: number): Float64Array {
  const w = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += z[i * k + j];
    const d = 1 - Math.sqrt(s / k);
    w[i] = Math.sqrt(Math.exp(-(d * d) / (width * width)));
  }
  return w;
}

function channelLuts(norm: Normalisation): Float32Array[] {
  return [0, 1, 2].map((c) => {
    const t = new Float32Array(256);
    for (let v = 0; v < 256; v++) t[v] = (v / 255 - norm.mean[c]) / norm.std[c];
    return t;
  });
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AlveoError('CANCELLED', 'LIME cancelled');
}
