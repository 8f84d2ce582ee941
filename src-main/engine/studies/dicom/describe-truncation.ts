// Says in words where a cut-short DICOM file ends (in its meta header, inside which element, how
// much of the pixel data is there) instead of dicom-parser's "buffer overrun" / "attempt to read
// past end of buffer", which every door (viewer, worklist, CSV, CLI) would otherwise repeat.
import type { DataSet, Element } from 'dicom-parser';
import { dictionaryEntry, formatTag } from './tag-dictionary';

/** dicom-parser's (and zlib's) ways of saying it tried to read beyond the last byte. */
const READ_PAST_END = /buffer overrun|past end of buffer|maxP ?osition|greater than or equal to 'byteArray' length|missing required meta header|unexpected end of file/i;
const PIXEL_DATA = 'x7fe00010';
const UNDEFINED_LENGTH = 0xffffffff;

export interface ParserInput {
  /** The bytes handed to dicom-parser (a missing preamble put back). */
  bytes: Uint8Array;
  /** How many bytes were put in front of the file's own: byte N of the input is byte N - shift of the file. */
  shift: number;
  hasPart10Header: boolean;
}

function nameOf(tag: string): string {
  const keyword = dictionaryEntry(tag)?.keyword;
  return keyword ? `${formatTag(tag)} ${keyword}` : formatTag(tag);
}

/** Bytes 132.. of a Part-10 input: (0002,0000) UL gives the meta header's length after it. */
export function metaHeaderEnd(bytes: Uint8Array): number | null {
  if (bytes.length < 144) return null;
  const isGroupLength = bytes[132] === 0x02 && bytes[133] === 0 && bytes[134] === 0 && bytes[135] === 0 && bytes[136] === 0x55 && bytes[137] === 0x4c;
  if (!isGroupLength) return null;
  return 144 + (bytes[140] | (bytes[141] << 8) | (bytes[142] << 16)) + bytes[143] * 0x1000000;
}

/** VRs whose explicit-VR length takes 4 bytes after 2 reserved ones (PS3.5 7.1.2). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/**
 * Walks the meta header (explicit VR little endian from byte 132) to the element the end falls
 * in, for when its group length is missing or the header's elements claim more than the file has.
 */
function cutInMetaHeader(bytes: Uint8Array, at: (offset: number) => number): string | null {
  let pos = 132;
  while (pos < bytes.length) {
    const headerCut = `in the header of the element at byte ${at(pos)}`;
    if (pos + 2 <= bytes.length && (bytes[pos] | (bytes[pos + 1] << 8)) !== 0x0002) return null; // the meta header is whole
    if (pos + 8 > bytes.length) return headerCut;
    const tag = `x0002${(bytes[pos + 2] | (bytes[pos + 3] << 8)).toString(16).padStart(4, '0')}`;
    const long = LONG_VRS.has(String.fromCharCode(bytes[pos + 4], bytes[pos + 5]));
    if (long && pos + 12 > bytes.length) return headerCut;
    const length = long ? (bytes[pos + 8] | (bytes[pos + 9] << 8) | (bytes[pos + 10] << 16)) + bytes[pos + 11] * 0x1000000 : bytes[pos + 6] | (bytes[pos + 7] << 8);
    const value = pos + (long ? 12 : 8);
    if (value + length > bytes.length) return `in element ${nameOf(tag)} (read ${bytes.length - value} of ${length} bytes)`;
    pos = value + length;
  }
  return null;
}

/** The last element dicom-parser read, in file order (the meta header's aside). */
function lastElement(dataSet: DataSet): Element | null {
  const elements = Object.values(dataSet.elements).filter((e: Element) => !e.tag.startsWith('x0002'));
  return elements.reduce<Element | null>((a, e) => (!a || e.dataOffset > a.dataOffset ? e : a), null);
}

/**
 * A header element whose length alone is more than the whole file: as likely a damaged length (a
 * flipped byte) as a cut-short file, so "cut short" alone would mislead (review 18 L2).
 */
function lengthPastEnd(input: ParserInput, dataSet: DataSet): string | null {
  if (dataSet.byteArray.length !== input.bytes.length) return null; // inflated: not the file's offsets
  const last = lastElement(dataSet);
  const size = input.bytes.length - input.shift;
  if (!last || last.tag === PIXEL_DATA || last.encapsulatedPixelData || last.length === UNDEFINED_LENGTH || last.length <= size) return null;
  const before = dataSet.elements[PIXEL_DATA] ? '' : ', before any pixel data';
  return `the length of element ${nameOf(last.tag)} runs past the end of the file (damaged, or the file is cut short): it declares ${last.length} bytes from byte ${last.dataOffset - input.shift}, and the whole file has ${size}${before}`;
}

/** The element the end of the file falls in, from the elements dicom-parser did read. */
function cutInDataSet(input: ParserInput, dataSet: DataSet): string | null {
  // A deflated data set was inflated into a new array: its offsets are not the file's.
  const sameBytes = dataSet.byteArray.length === input.bytes.length;
  const end = input.bytes.length;
  const at = (offset: number) => offset - input.shift;
  const last = lastElement(dataSet);
  if (!sameBytes) return last ? `its compressed data set ends inside or after element ${nameOf(last.tag)}` : null;
  if (last?.encapsulatedPixelData) {
    // Compressed frames come as fragments: say which one the file ends in.
    const fragments = last.fragments ?? [];
    const k = fragments.findIndex((f) => f.position + f.length > end);
    if (k < 0) return `it ends at byte ${at(end)}, before the compressed pixel data is complete (after fragment ${fragments.length}, with no end-of-sequence marker)`;
    const f = fragments[k];
    return `it ends at byte ${at(end)}, before the compressed pixel data is complete (fragment ${k + 1}: read ${Math.max(0, end - f.position)} of ${f.length} bytes)`;
  }
  if (last && last.length === UNDEFINED_LENGTH) return `it ends at byte ${at(end)}, inside element ${nameOf(last.tag)}, which starts at byte ${at(last.dataOffset)}`;
  if (last && last.dataOffset + last.length > end) {
    const present = Math.max(0, end - last.dataOffset);
    if (last.tag === PIXEL_DATA) return `it ends at byte ${at(end)}, before the pixel data is complete (read ${present} of ${last.length} bytes)`;
    const before = dataSet.elements[PIXEL_DATA] ? '' : ', before any pixel data';
    return `it ends at byte ${at(end)}, inside element ${nameOf(last.tag)} (read ${present} of ${last.length} bytes)${before}`;
  }
  // The end fell in the element after the last complete one: while reading its header, a
  // sequence's items, or the fragments of compressed pixel data.
  const start = last ? last.dataOffset + last.length : null;
  if (start === null || start + 4 > end) return `it ends at byte ${at(end)}, in the middle of an element's header${last ? ` after ${nameOf(last.tag)}` : ''}`;
  const p = dataSet.byteArrayParser;
  const tag = `x${p.readUint16(dataSet.byteArray, start).toString(16).padStart(4, '0')}${p.readUint16(dataSet.byteArray, start + 2).toString(16).padStart(4, '0')}`;
  if (tag === PIXEL_DATA) return `it ends at byte ${at(end)}, before the compressed pixel data is complete (it starts at byte ${at(start)})`;
  return `it ends at byte ${at(end)}, inside element ${nameOf(tag)}, which starts at byte ${at(start)}`;
}

/**
 * Plain words for a dicom-parser failure that came from the file ending early, or null when the
 * failure is something else (then the caller says what the parser said).
 */
export function describeTruncation(input: ParserInput, message: string, dataSet?: DataSet): string | null {
  if (!READ_PAST_END.test(message)) return null;
  const size = input.bytes.length - input.shift;
  if (input.hasPart10Header) {
    const metaEnd = metaHeaderEnd(input.bytes);
    if (input.bytes.length < 144) return `the file is cut short: it ends at byte ${size}, inside its file meta header`;
    if (metaEnd !== null && input.bytes.length < metaEnd) return `the file is cut short: it ends at byte ${size}, inside its file meta header (which needs ${metaEnd - input.shift} bytes)`;
    if (input.bytes.length === metaEnd) return 'the file is cut short: it ends right after its file meta header, with no data set';
    if (metaEnd === null) {
      const where = cutInMetaHeader(input.bytes, (offset) => offset - input.shift);
      if (where) return `the file is cut short: it ends at byte ${size}, inside its file meta header, ${where}`;
    }
  }
  if (/unexpected end of file/i.test(message)) return `the file is cut short: its deflate-compressed data set ends early (the file ends at byte ${size})`;
  const damaged = dataSet ? lengthPastEnd(input, dataSet) : null;
  if (damaged) return damaged;
  const where = dataSet ? cutInDataSet(input, dataSet) : null;
  return where ? `the file is cut short: ${where}` : null;
}

/**
 * An implicit-VR file cut before its pixel data parses "successfully" (dicom-parser does not check
 * the last element fits): the element that runs past the end says where it was cut.
 */
export function cutBeforePixels(input: ParserInput, dataSet: DataSet): string | null {
  if (dataSet.elements[PIXEL_DATA]) return null;
  const overruns = Object.values(dataSet.elements).some((e: Element) => e.dataOffset + e.length > dataSet.byteArray.length);
  return overruns ? describeTruncation(input, 'buffer overrun', dataSet) : null;
}

/**
 * A file cut exactly between two elements parses cleanly and simply has no pixel data: say where
 * its data ends, so "no image pixels" on a cut-short radiograph reads as what it likely is.
 * `fileSize` is the file's own length; offsets in a deflated data set are not the file's (null).
 */
export function endWithoutPixels(dataSet: DataSet, fileSize: number, deflated: boolean): string | null {
  if (deflated) return null;
  const elements = Object.values(dataSet.elements).filter((e: Element) => !e.tag.startsWith('x0002'));
  const last = elements.reduce<Element | null>((a, e) => (!a || e.dataOffset > a.dataOffset ? e : a), null);
  if (!last) return null;
  return `it ends at byte ${fileSize} after element ${nameOf(last.tag)}, without a pixel data element ${formatTag(PIXEL_DATA)}, so it may have been cut short`;
}
