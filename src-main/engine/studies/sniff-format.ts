// What a file is, from its first bytes (never from its name).
import { hasDicmPrefix, sniffRawDicom } from './dicom/read-dicom';

export type SniffedFormat = 'dicom' | 'jpeg' | 'png' | { other: string } | null;

const OTHER_MAGIC: [bytes: number[], name: string][] = [
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x49, 0x49, 0x2a, 0x00], 'a TIFF image'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'a TIFF image'],
  [[0x42, 0x4d], 'a BMP image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
];

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
  return bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);
}

export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (hasDicmPrefix(bytes)) return 'dicom';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return { other: 'a WebP image' };
  for (const [magic, name] of OTHER_MAGIC) if (startsWith(bytes, magic)) return { other: name };
  if (sniffRawDicom(bytes)) return 'dicom';
  return null;
}
