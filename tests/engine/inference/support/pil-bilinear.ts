// Pillow itself, through python, to check the engine's transcription of its BILINEAR resize
// (src-main/engine/inference/pil-bilinear.ts) byte for byte.
import { spawnSync } from 'node:child_process';
export { pilBilinear } from '../../../../src-main/engine/inference/pil-bilinear';

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
