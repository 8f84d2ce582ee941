// Pillow's Image.resize(size, Image.BILINEAR) for 8-bit gray ('L') images, transcribed from its
// Resample.c (precompute_coeffs, normalize_coeffs_8bpc, ImagingResampleHorizontal/Vertical_8bpc):
// a triangle filter widened by the shrink factor (antialiased), weights in 22-bit fixed point,
// the horizontal pass first (rounded to 8 bits), then the vertical one. The reference the
// preprocessing's resize kernel is held to: torchvision's Resize on PIL images, which the
// training recipes use, is this. preprocess.test.ts checks it byte for byte against Pillow itself
// where a python3 with PIL is installed.
import { spawnSync } from 'node:child_process';

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;

interface Taps {
  first: number;
  weights: number[];
}

function taps(inSize: number, outSize: number): Taps[] {
  const scale = inSize / outSize;
  const filterscale = Math.max(scale, 1);
  const support = filterscale; // the bilinear filter's support is 1
  const out: Taps[] = [];
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const first = Math.max(Math.trunc(center - support + 0.5), 0);
    const count = Math.min(Math.trunc(center + support + 0.5), inSize) - first;
    const w: number[] = [];
    let sum = 0;
    for (let x = 0; x < count; x++) {
      const t = Math.abs((x + first - center + 0.5) / filterscale);
      const v = t < 1 ? 1 - t : 0;
      w.push(v);
      sum += v;
    }
    // Weights are never negative for this filter: C's (int)(0.5 + k * ONE) is a floor here.
    out.push({ first, weights: w.map((v) => Math.floor(0.5 + (sum ? v / sum : 0) * ONE)) });
  }
  return out;
}

const clip8 = (acc: number) => Math.max(0, Math.min(255, Math.floor(acc / ONE)));

/** gray (rows x columns, row-major) resized to height x width as Pillow's BILINEAR does it. */
export function pilBilinear(gray: Uint8Array, rows: number, columns: number, height: number, width: number): Uint8Array {
  const tx = taps(columns, width);
  const ty = taps(rows, height);
  const mid = new Uint8Array(rows * width);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < width; x++) {
      const { first, weights } = tx[x];
      let acc = ONE / 2;
      for (let i = 0; i < weights.length; i++) acc += gray[y * columns + first + i] * weights[i];
      mid[y * width + x] = clip8(acc);
    }
  }
  const out = new Uint8Array(height * width);
  for (let y = 0; y < height; y++) {
    const { first, weights } = ty[y];
    for (let x = 0; x < width; x++) {
      let acc = ONE / 2;
      for (let i = 0; i < weights.length; i++) acc += mid[(first + i) * width + x] * weights[i];
      out[y * width + x] = clip8(acc);
    }
  }
  return out;
}

/** A python3 that imports PIL (ALVEO_PYTHON, python3 on PATH, Debian's), or null. */
export function pythonWithPil(): string | null {
  for (const py of [process.env.ALVEO_PYTHON, 'python3', '/usr/bin/python3']) {
    if (py && spawnSync(py, ['-c', 'import PIL'], { encoding: 'utf8' }).status === 0) return py;
  }
  return null;
}

/** Pillow's own Image.resize(BILINEAR) of the same pixels (through python), for checking the transcription. */
export function pillowBilinear(python: string, gray: Uint8Array, rows: number, columns: number, height: number, width: number): Uint8Array {
  const script = `import sys
from PIL import Image
im = Image.frombytes('L', (${columns}, ${rows}), sys.stdin.buffer.read())
sys.stdout.buffer.write(im.resize((${width}, ${height}), getattr(Image, 'Resampling', Image).BILINEAR).tobytes())`;
  const r = spawnSync(python, ['-c', script], { input: gray, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${python} with PIL failed: ${r.stderr.toString()}`);
  return new Uint8Array(r.stdout);
}
