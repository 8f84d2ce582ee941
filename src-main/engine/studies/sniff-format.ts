// What a file is, from its first bytes (never from its name).
import { hasBareDicm, hasDicmPrefix, sniffRawDicom } from './dicom/read-dicom';

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

/** Kinds of file that are certainly not studies, by magic (a batch lists them as skipped). */
const DOCUMENT_MAGIC: [bytes: number[], name: string][] = [
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x1f, 0x8b], 'a gzip archive'],
];

/** 'PDF document'... for known non-image documents and archives, else null. */
export function sniffDocument(bytes: Uint8Array): string | null {
  for (const [magic, name] of DOCUMENT_MAGIC) if (startsWith(bytes, magic)) return name;
  return null;
}

/**
 * True for text (notes, CSV, JSON, reports): no NUL byte in the first bytes and valid UTF-8 (a
 * character cut at the end of the sample is allowed), or UTF-16 with its byte-order mark.
 * DICOM, JPEG and PNG always hold NUL or invalid UTF-8 within their first bytes.
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return false;
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  if (bytes.includes(0)) return false;
  for (let cut = 0; cut < 4 && cut < bytes.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - cut));
      return true;
    } catch {
      /* maybe a multi-byte character was cut by the sample's end: try one byte shorter */
    }
  }
  return false;
}

const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';

/** A Part-10 DICOMDIR (Media Storage Directory Storage in its meta header): an index, not an image. */
export function isDicomdir(bytes: Uint8Array): boolean {
  if (!hasDicmPrefix(bytes)) return false;
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  const at = head.indexOf(DICOMDIR_SOP_CLASS);
  if (at < 0) return false;
  const next = head.charAt(at + DICOMDIR_SOP_CLASS.length);
  return next === '' || next === '\0' || next === ' ';
}

export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (hasDicmPrefix(bytes)) return 'dicom';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return { other: 'a WebP image' };
  for (const [magic, name] of OTHER_MAGIC) if (startsWith(bytes, magic)) return { other: name };
  if (hasBareDicm(bytes) || sniffRawDicom(bytes)) return 'dicom';
  return null;
}
