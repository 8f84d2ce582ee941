// Drawn pictures that are not radiographs (flat, gradients, noise, patterns, photo-like), written
// as 256 px grey PNGs: the non-chest set the guardrail and OOD benches both measure.
import { join } from 'node:path';
import sharp from 'sharp';

const S = 256;
let seed = 5;
const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;

export const DRAWN_NON_RADIOGRAPHS: [string, (x: number, y: number) => number][] = [
  ['uniform grey', () => 128],
  ['uniform black', () => 0],
  ['horizontal gradient', (x) => x],
  ['vertical gradient', (_x, y) => y],
  ['radial gradient', (x, y) => 255 - Math.min(255, Math.hypot(x - 128, y - 128) * 1.6)],
  ['noise', () => rnd() * 255],
  ['checkerboard 16', (x, y) => ((Math.floor(x / 16) + Math.floor(y / 16)) % 2 ? 230 : 20)],
  ['stripes', (x) => (Math.floor(x / 8) % 2 ? 220 : 30)],
  ['smooth blobs (photo-like)', (x, y) => 128 + 60 * Math.sin(x / 23 + 1) * Math.cos(y / 31) + 40 * Math.sin((x + y) / 47)],
  ['half black, half white', (x) => (x < 128 ? 10 : 245)],
  ['sky over ground (photo-like)', (x, y) => (y < 110 ? 200 - y / 3 : 70 + 20 * Math.sin(x / 9) + rnd() * 30)],
];

/** Writes one drawn picture into `dir` and returns its path. */
export async function writeDrawnPicture(dir: string, name: string, f: (x: number, y: number) => number): Promise<string> {
  const px = new Uint8Array(S * S);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) px[y * S + x] = Math.max(0, Math.min(255, Math.round(f(x, y))));
  const file = join(dir, `${name.replace(/\W+/g, '-')}.png`);
  await sharp(px, { raw: { width: S, height: S, channels: 1 } }).png().toFile(file);
  return file;
}
