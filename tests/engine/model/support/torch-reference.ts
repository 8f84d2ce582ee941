// An independent reference for the importer: a torchvision-named ResNet18 state dict with seeded
// random values, a safetensors writer, and a plain-loop forward pass in torch's NCHW layout with
// torch's conventions (symmetric padding, -inf max-pool padding, BN eps 1e-5). Written from the
// PyTorch definitions, sharing no code with the engine but its seeded random numbers (input data,
// not what is checked), so a wrong transpose, padding or epsilon in the engine makes the outputs differ.
import { writeFile } from 'node:fs/promises';
import { seededRandom } from '../../../../src-main/engine/training/seeded-random';

export interface RefTensor {
  shape: number[];
  data: Float32Array;
}
export type StateDict = Map<string, RefTensor>;

/** Seeded uniform [0, 1) values: the engine's PRNG (data only, not part of what is checked). */
export const rng = seededRandom;

function normal(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

const STAGES = [64, 128, 256, 512];

/** torchvision resnet18 state dict names and shapes, with an fc of `fcOut` classes. */
export function randomStateDict(seed: number, fcOut = 1): StateDict {
  const r = rng(seed);
  const sd: StateDict = new Map();
  const conv = (name: string, out: number, inC: number, k: number) => {
    const std = Math.sqrt(2 / (inC * k * k));
    sd.set(`${name}.weight`, { shape: [out, inC, k, k], data: Float32Array.from({ length: out * inC * k * k }, () => normal(r) * std) });
  };
  const bn = (name: string, c: number) => {
    const u = (lo: number, hi: number) => Float32Array.from({ length: c }, () => lo + (hi - lo) * r());
    // Small variances make a wrong epsilon (Keras' 1e-3 instead of torch's 1e-5) visible; gamma
    // scales with sqrt(var) so activations stay O(1) through the 20 BN layers.
    const runningVar = u(0.01, 2);
    const gamma = u(0.5, 1.2).map((g, i) => g * Math.sqrt(runningVar[i]));
    sd.set(`${name}.weight`, { shape: [c], data: gamma });
    sd.set(`${name}.bias`, { shape: [c], data: u(-0.3, 0.3) });
    sd.set(`${name}.running_mean`, { shape: [c], data: u(-0.4, 0.4) });
    sd.set(`${name}.running_var`, { shape: [c], data: runningVar });
  };
  conv('conv1', 64, 3, 7);
  bn('bn1', 64);
  let inC = 64;
  STAGES.forEach((c, s) => {
    for (let b = 0; b < 2; b++) {
      const p = `layer${s + 1}.${b}`;
      conv(`${p}.conv1`, c, b === 0 ? inC : c, 3);
      bn(`${p}.bn1`, c);
      conv(`${p}.conv2`, c, c, 3);
      bn(`${p}.bn2`, c);
      if (b === 0 && s > 0) {
        conv(`${p}.downsample.0`, c, inC, 1);
        bn(`${p}.downsample.1`, c);
      }
    }
    inC = c;
  });
  sd.set('fc.weight', { shape: [fcOut, 512], data: Float32Array.from({ length: fcOut * 512 }, () => normal(r) * 0.05) });
  sd.set('fc.bias', { shape: [fcOut], data: Float32Array.from({ length: fcOut }, () => normal(r) * 0.1) });
  return sd;
}

function toHalfBits(v: number): number {
  // Enough for the test's value ranges (normal numbers, round to nearest even).
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const e = ((x >>> 23) & 0xff) - 112;
  if (e <= 0) return sign;
  const mant = x & 0x7fffff;
  let h = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
  return sign | h;
}

/** Writes a safetensors file: u64 LE header length, JSON header (space-padded to 8 bytes), data. */
export async function writeSafetensors(
  file: string,
  sd: StateDict,
  opts: { dtype?: 'F32' | 'F16' | 'BF16'; extra?: Record<string, { dtype: string; shape: number[]; bytes: Uint8Array }> } = {},
): Promise<void> {
  const dtype = opts.dtype ?? 'F32';
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const add = (name: string, dt: string, shape: number[], bytes: Uint8Array) => {
    header[name] = { dtype: dt, shape, data_offsets: [offset, offset + bytes.byteLength] };
    chunks.push(bytes);
    offset += bytes.byteLength;
  };
  for (const [name, t] of sd) {
    let bytes: Uint8Array;
    if (dtype === 'F32') bytes = new Uint8Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength));
    else if (dtype === 'F16') bytes = new Uint8Array(Uint16Array.from(t.data, toHalfBits).buffer);
    else bytes = new Uint8Array(Uint16Array.from(new Uint32Array(Float32Array.from(t.data).buffer), (u) => u >>> 16).buffer);
    add(name, dtype, t.shape, bytes);
  }
  for (const [name, e] of Object.entries(opts.extra ?? {})) add(name, e.dtype, e.shape, e.bytes);
  let json = JSON.stringify(header);
  while ((8 + Buffer.byteLength(json)) % 8) json += ' ';
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  await writeFile(file, Buffer.concat([head, Buffer.from(json), ...chunks]));
}

/** The values a reader of a BF16 / F16 file sees (what the reference must use then). */
export function roundedLike(sd: StateDict, dtype: 'BF16'): StateDict {
  const out: StateDict = new Map();
  for (const [k, t] of sd) {
    const u = new Uint32Array(Float32Array.from(t.data).buffer);
    for (let i = 0; i < u.length; i++) u[i] = u[i] & 0xffff0000;
    out.set(k, { shape: t.shape, data: new Float32Array(u.buffer) });
  }
  void dtype;
  return out;
}

// ---- forward pass, CHW, one image ----
interface Map3 {
  c: number;
  h: number;
  w: number;
  v: Float64Array;
}

function conv2d(x: Map3, wt: RefTensor, stride: number, pad: number): Map3 {
  const [O, C, K] = wt.shape;
  const h = Math.floor((x.h + 2 * pad - K) / stride) + 1;
  const w = Math.floor((x.w + 2 * pad - K) / stride) + 1;
  const v = new Float64Array(O * h * w);
  for (let o = 0; o < O; o++)
    for (let oy = 0; oy < h; oy++)
      for (let ox = 0; ox < w; ox++) {
        let s = 0;
        for (let c = 0; c < C; c++)
          for (let ky = 0; ky < K; ky++) {
            const iy = oy * stride - pad + ky;
            if (iy < 0 || iy >= x.h) continue;
            for (let kx = 0; kx < K; kx++) {
              const ix = ox * stride - pad + kx;
              if (ix < 0 || ix >= x.w) continue;
              s += x.v[(c * x.h + iy) * x.w + ix] * wt.data[((o * C + c) * K + ky) * K + kx];
            }
          }
        v[(o * h + oy) * w + ox] = s;
      }
  return { c: O, h, w, v };
}

function batchNorm(x: Map3, sd: StateDict, name: string): Map3 {
  const g = sd.get(`${name}.weight`)!.data;
  const b = sd.get(`${name}.bias`)!.data;
  const m = sd.get(`${name}.running_mean`)!.data;
  const vr = sd.get(`${name}.running_var`)!.data;
  const v = new Float64Array(x.v.length);
  const n = x.h * x.w;
  for (let c = 0; c < x.c; c++) {
    const scale = g[c] / Math.sqrt(vr[c] + 1e-5);
    for (let i = 0; i < n; i++) v[c * n + i] = (x.v[c * n + i] - m[c]) * scale + b[c];
  }
  return { ...x, v };
}

const relu = (x: Map3): Map3 => ({ ...x, v: x.v.map((a) => (a > 0 ? a : 0)) });

function maxPool3s2p1(x: Map3): Map3 {
  const h = Math.floor((x.h + 2 - 3) / 2) + 1;
  const w = Math.floor((x.w + 2 - 3) / 2) + 1;
  const v = new Float64Array(x.c * h * w);
  for (let c = 0; c < x.c; c++)
    for (let oy = 0; oy < h; oy++)
      for (let ox = 0; ox < w; ox++) {
        let best = -Infinity;
        for (let ky = 0; ky < 3; ky++)
          for (let kx = 0; kx < 3; kx++) {
            const iy = oy * 2 - 1 + ky;
            const ix = ox * 2 - 1 + kx;
            if (iy >= 0 && iy < x.h && ix >= 0 && ix < x.w) best = Math.max(best, x.v[(c * x.h + iy) * x.w + ix]);
          }
        v[(c * h + oy) * w + ox] = best;
      }
  return { c: x.c, h, w, v };
}

export interface RefOutput {
  /** layer4 output, CHW. */
  features: Map3;
  /** global average pool of the features, then the state dict's fc. */
  pooled: number[];
  logits: number[];
}

/** Logits of another fc head on the same pooled features. */
export function headLogits(pooled: number[], sd: StateDict): number[] {
  const fw = sd.get('fc.weight')!;
  const fb = sd.get('fc.bias')!.data;
  return Array.from({ length: fw.shape[0] }, (_, k) => pooled.reduce((s, p, c) => s + p * fw.data[k * 512 + c], fb[k]));
}

/** The same backbone with a different seeded fc of `fcOut` classes. */
export function withHead(sd: StateDict, fcOut: number, seed: number): StateDict {
  const r = rng(seed);
  const out: StateDict = new Map(sd);
  out.set('fc.weight', { shape: [fcOut, 512], data: Float32Array.from({ length: fcOut * 512 }, () => normal(r) * 0.05) });
  out.set('fc.bias', { shape: [fcOut], data: Float32Array.from({ length: fcOut }, () => normal(r) * 0.1) });
  return out;
}

/** input: CHW float32 of one image, size x size. */
export function referenceForward(sd: StateDict, input: Float32Array, size: number): RefOutput {
  let x: Map3 = { c: 3, h: size, w: size, v: Float64Array.from(input) };
  x = relu(batchNorm(conv2d(x, sd.get('conv1.weight')!, 2, 3), sd, 'bn1'));
  x = maxPool3s2p1(x);
  STAGES.forEach((_, s) => {
    for (let b = 0; b < 2; b++) {
      const p = `layer${s + 1}.${b}`;
      const stride = b === 0 && s > 0 ? 2 : 1;
      let y = relu(batchNorm(conv2d(x, sd.get(`${p}.conv1.weight`)!, stride, 1), sd, `${p}.bn1`));
      y = batchNorm(conv2d(y, sd.get(`${p}.conv2.weight`)!, 1, 1), sd, `${p}.bn2`);
      const identity = sd.has(`${p}.downsample.0.weight`)
        ? batchNorm(conv2d(x, sd.get(`${p}.downsample.0.weight`)!, stride, 0), sd, `${p}.downsample.1`)
        : x;
      x = relu({ ...y, v: y.v.map((a, i) => a + identity.v[i]) });
    }
  });
  const n = x.h * x.w;
  const pooled = Array.from({ length: x.c }, (_, c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x.v[c * n + i];
    return s / n;
  });
  return { features: x, pooled, logits: headLogits(pooled, sd) };
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
