// Small labelled images a test draws itself: a gray "chest" (bright centre band, darker sides) or
// its mirror-like variant, as JPEG, PNG or DICOM, so datasets can be built anywhere.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { chestPhantom, writeDicom } from '../../../fixtures/write-dicom';

export function grayImage(size: number, seed: number, bright: boolean): Uint8Array {
  const px = new Uint8Array(size * size);
  let s = seed >>> 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const noise = (s >>> 24) / 16;
      const band = Math.abs(x - size / 2) < size / 8 ? 200 : bright ? 150 : 60;
      px[y * size + x] = Math.min(255, band + noise);
    }
  }
  return px;
}

export async function writeImage(file: string, format: 'jpeg' | 'png', size: number, seed: number, bright: boolean): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  const img = sharp(Buffer.from(grayImage(size, seed, bright)), { raw: { width: size, height: size, channels: 1 } });
  await writeFile(file, format === 'png' ? await img.png().toBuffer() : await img.jpeg({ quality: 90 }).toBuffer());
  return file;
}

export async function writeChestDicom(file: string, attributes: Record<string, string>, seed = 0): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  const px = chestPhantom(40, 32, 100 + seed, 3000 - seed);
  return writeDicom(file, { rows: 40, columns: 32, bitsAllocated: 16, bitsStored: 12, pixels: px, attributes });
}
