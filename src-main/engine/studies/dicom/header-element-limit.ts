// dicom-parser builds one object per data element, with no limit: a 20 MB file of 2 million tiny
// elements took 1 GB and 20 s, one of 20 million held the event loop for good (review 18 H2). A
// plain scan of the element headers, which allocates nothing, counts them first and refuses a
// header no image needs, before the parser builds it.
import dicomParser from 'dicom-parser';
import { AlveoError } from '../../../api/errors';
import { vrOf } from './tag-dictionary';

/** Elements outside any sequence: a real header has hundreds, private blocks included. */
export const MAX_TOP_LEVEL_ELEMENTS = 100_000;
/** All elements and sequence items: room for enhanced multi-frame files' per-frame groups. */
export const MAX_ELEMENTS = 1_000_000;

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const DEFLATED_LE = '1.2.840.10008.1.2.1.99';
const UNDEFINED = 0xffffffff;
/** The VRs dicom-parser reads a 4-byte length for (its getDataLengthSizeInBytesForVR). */
const LONG_VRS = new Set(['OB', 'OD', 'OL', 'OW', 'SQ', 'OF', 'UC', 'UR', 'UT', 'UN']);

export interface ElementCount {
  total: number;
  topLevel: number;
}

interface Encoding {
  explicit: boolean;
  littleEndian: boolean;
}

/** A sequence being walked: where it ends (Infinity until its delimiter) and how its items are encoded. */
interface Open {
  end: number;
  explicit: boolean;
  /** Inside a UN sequence of undefined length dicom-parser reads implicit VR with no dictionary. */
  dictionary: boolean;
}

/**
 * Counts elements from `start` up to the top-level pixel data, the way dicom-parser walks them,
 * and stops once a count passes its limit. It also stops, short, at anything it cannot follow
 * (a stray delimiter, a value past the end): the counts are then a lower bound, and the parser
 * reports the damage itself.
 */
export function countElements(bytes: Uint8Array, start: number, enc: Encoding, from: ElementCount = { total: 0, topLevel: 0 }): ElementCount {
  const le = enc.littleEndian;
  const u16 = (p: number) => (le ? bytes[p] | (bytes[p + 1] << 8) : (bytes[p] << 8) | bytes[p + 1]);
  const u32 = (p: number) => (le ? bytes[p] + bytes[p + 1] * 0x100 + bytes[p + 2] * 0x10000 + bytes[p + 3] * 0x1000000 : bytes[p] * 0x1000000 + bytes[p + 1] * 0x10000 + bytes[p + 2] * 0x100 + bytes[p + 3]);
  const startsItem = (p: number) => p + 4 <= bytes.length && u16(p) === 0xfffe && (u16(p + 2) === 0xe000 || u16(p + 2) === 0xe0dd);
  let { total, topLevel } = from;
  const open: Open[] = [];
  let pos = start;
  while (pos + 8 <= bytes.length && total <= MAX_ELEMENTS && topLevel <= MAX_TOP_LEVEL_ELEMENTS) {
    while (open.length > 0 && pos >= open[open.length - 1].end) open.pop();
    const here = open.at(-1) ?? { end: Infinity, explicit: enc.explicit, dictionary: true };
    const group = u16(pos);
    const element = u16(pos + 2);
    if (group === 0xfffe) {
      // Item and delimiters: a tag and a 4-byte length, no VR; an item's elements follow it.
      if (open.length === 0) break;
      if (element === 0xe0dd) {
        if (here.end !== Infinity) break;
        open.pop();
      } else if (element === 0xe000) {
        // An item is an object of its own (a data set): 2 million empty ones in 16 MB cost 1.3 GB.
        total++;
      } else if (element !== 0xe00d) break;
      pos += 8;
      continue;
    }
    const tag = `x${group.toString(16).padStart(4, '0')}${element.toString(16).padStart(4, '0')}`;
    let vr: string | undefined;
    let length: number;
    let value: number;
    if (here.explicit) {
      vr = String.fromCharCode(bytes[pos + 4], bytes[pos + 5]);
      if (LONG_VRS.has(vr)) {
        if (pos + 12 > bytes.length) break;
        length = u32(pos + 8);
        value = pos + 12;
      } else {
        length = u16(pos + 6);
        value = pos + 8;
      }
    } else {
      vr = here.dictionary ? vrOf(tag) : undefined;
      length = u32(pos + 4);
      value = pos + 8;
    }
    total++;
    if (open.length === 0) topLevel++;
    if (open.length === 0 && tag === 'x7fe00010') break; // the header ends at the pixel data
    const undefinedLength = length === UNDEFINED;
    const end = undefinedLength ? Infinity : value + length;
    if (here.explicit && vr === 'SQ') {
      open.push({ end, explicit: true, dictionary: true });
      pos = value;
    } else if (here.explicit && vr === 'UN' && undefinedLength) {
      open.push({ end, explicit: false, dictionary: false });
      pos = value;
    } else if (!here.explicit && (vr !== undefined ? vr === 'SQ' : startsItem(value)) && (!dicomParser.isPrivateTag(tag) || undefinedLength)) {
      open.push({ end, explicit: false, dictionary: here.dictionary });
      pos = value;
    } else if (undefinedLength && here.explicit && tag === 'x7fe00010') {
      // Compressed pixel data inside a sequence (an icon): fragments, each an object too, to its delimiter.
      pos = value;
      while (pos + 8 <= bytes.length && u16(pos) === 0xfffe && u16(pos + 2) === 0xe000 && total <= MAX_ELEMENTS) {
        total++;
        pos += 8 + u32(pos + 4);
      }
      if (!(pos + 8 <= bytes.length && u16(pos) === 0xfffe && u16(pos + 2) === 0xe0dd)) break;
      pos += 8;
    } else if (undefinedLength) {
      // dicom-parser looks for the item delimiter two bytes at a time (findItemDelimitationItem).
      pos = value;
      while (pos + 8 <= bytes.length && !(u16(pos) === 0xfffe && u16(pos + 2) === 0xe00d)) pos += u16(pos) === 0xfffe ? 4 : 2;
      pos += 8;
    } else {
      pos = value + length;
    }
  }
  return { total, topLevel };
}

function refuse(file: string, count: ElementCount): void {
  if (count.topLevel > MAX_TOP_LEVEL_ELEMENTS) {
    throw new AlveoError('TOO_LARGE', `the DICOM header holds more than ${MAX_TOP_LEVEL_ELEMENTS} elements before the pixel data (no image needs that many): refused`, file);
  }
  if (count.total > MAX_ELEMENTS) {
    throw new AlveoError('TOO_LARGE', `the DICOM header holds more than ${MAX_ELEMENTS} elements, sequences included, before the pixel data (no image needs that many): refused`, file);
  }
}

/**
 * The meta header (explicit VR little endian from byte 132, group 0002 only) as dicom-parser's
 * readPart10Header walks it: where the data set starts and the transfer syntax it is read with.
 * Null when the meta header is damaged (the parser then says how).
 */
function walkMetaHeader(bytes: Uint8Array): { end: number; syntax: string; count: number } | null {
  let pos = 132;
  let syntax: string | null = null;
  let count = 0;
  while (pos + 8 <= bytes.length && count <= MAX_TOP_LEVEL_ELEMENTS) {
    if ((bytes[pos] | (bytes[pos + 1] << 8)) !== 0x0002) break;
    const element = bytes[pos + 2] | (bytes[pos + 3] << 8);
    const long = LONG_VRS.has(String.fromCharCode(bytes[pos + 4], bytes[pos + 5]));
    if (long && pos + 12 > bytes.length) return null;
    const length = long ? bytes[pos + 8] + bytes[pos + 9] * 0x100 + bytes[pos + 10] * 0x10000 + bytes[pos + 11] * 0x1000000 : bytes[pos + 6] | (bytes[pos + 7] << 8);
    const value = pos + (long ? 12 : 8);
    if (length === UNDEFINED || value + length > bytes.length) return null;
    if (element === 0x0010) syntax = dicomParser.readFixedString(bytes, value, length);
    count++;
    pos = value + length;
  }
  return syntax === null && count <= MAX_TOP_LEVEL_ELEMENTS ? null : { end: pos, syntax: syntax ?? '', count };
}

/**
 * Throws TOO_LARGE, naming the file, when the header holds more elements than any image needs.
 * `bytes` is the parser's input (a missing preamble put back); `assumedSyntax` is given for a file
 * without a meta header. Returns the count so far when the data set is deflated (it is counted
 * once inflated: checkInflatedElements), else null.
 */
export function checkHeaderElements(file: string, bytes: Uint8Array, assumedSyntax?: string): ElementCount | null {
  let start = 0;
  let syntax = assumedSyntax ?? '';
  let from: ElementCount = { total: 0, topLevel: 0 };
  if (!assumedSyntax) {
    const meta = walkMetaHeader(bytes);
    if (!meta) return null;
    from = { total: meta.count, topLevel: meta.count };
    refuse(file, from);
    start = meta.end;
    syntax = meta.syntax;
  }
  if (syntax === DEFLATED_LE) return from;
  refuse(file, countElements(bytes, start, { explicit: syntax !== IMPLICIT_LE, littleEndian: syntax !== EXPLICIT_BE }, from));
  return null;
}

/** The same check on a deflated data set, once inflated (explicit VR little endian from `start`). */
export function checkInflatedElements(file: string, bytes: Uint8Array, start: number, from: ElementCount): void {
  refuse(file, countElements(bytes, start, { explicit: true, littleEndian: true }, from));
}
