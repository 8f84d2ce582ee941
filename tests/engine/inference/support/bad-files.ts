// Broken inputs made from good ones: a truncated file, a text file with an image name, and a JPEG
// with one bit flipped in a marker (DQT 0xFFDB -> 0xFFDA, so the scan starts before the frame header).
import { readFile, writeFile } from 'node:fs/promises';

export async function writeTruncated(src: string, dest: string, fraction = 0.5): Promise<string> {
  const bytes = await readFile(src);
  await writeFile(dest, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return dest;
}

export async function writeTextAsImage(dest: string): Promise<string> {
  await writeFile(dest, 'this is a note, not an image\n');
  return dest;
}

export async function writeBitFlippedJpeg(src: string, dest: string): Promise<string> {
  const bytes = Buffer.from(await readFile(src));
  const at = bytes.indexOf(Buffer.from([0xff, 0xdb]));
  if (at < 0) throw new Error(`${src}: no DQT marker to flip`);
  bytes[at + 1] ^= 0x01;
  await writeFile(dest, bytes);
  return dest;
}
