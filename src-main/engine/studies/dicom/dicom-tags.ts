// A flat, printable list of every element, sequences included (their items' elements follow with
// a '>' per nesting level in the tag). Binary values are summarised, not dumped, and the list
// stops at MAX_LISTED_TAGS rows with a row saying how many elements were left out.
import dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import type { DicomTag } from '../../../api/contract';
import { dictionaryEntry, formatTag } from './tag-dictionary';
import { elementText } from './dicom-text';

const MAX_TEXT = 256;
const MAX_NUMBERS = 16;
const MAX_DEPTH = 8;
/**
 * Every study lists its tags when it opens, and the viewer's tag panel draws every row: a header
 * of a hundred thousand elements must cost neither a long listing nor as many rows (review 18 H2).
 */
export const MAX_LISTED_TAGS = 10_000;
const STRING_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
const NUMBER_READERS: Record<string, { size: number; read: (ds: DataSet, tag: string, i: number) => number | undefined }> = {
  US: { size: 2, read: (ds, t, i) => ds.uint16(t, i) },
  SS: { size: 2, read: (ds, t, i) => ds.int16(t, i) },
  UL: { size: 4, read: (ds, t, i) => ds.uint32(t, i) },
  SL: { size: 4, read: (ds, t, i) => ds.int32(t, i) },
  FL: { size: 4, read: (ds, t, i) => ds.float(t, i) },
  FD: { size: 8, read: (ds, t, i) => ds.double(t, i) },
};

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function isPrintable(bytes: Uint8Array): boolean {
  for (const b of bytes) if ((b < 0x20 || b > 0x7e) && b !== 0 && b !== 0x0a && b !== 0x0d && b !== 0x09) return false;
  return true;
}

function printValue(ds: DataSet, el: Element, vr: string, root: DataSet): string {
  if (el.tag === 'x7fe00010') {
    return el.encapsulatedPixelData ? `(compressed pixel data, ${el.fragments?.length ?? 0} fragment(s))` : `(pixel data, ${el.length} bytes)`;
  }
  if (el.items) return `(sequence of ${el.items.length} item(s))`;
  if (el.length === 0) return '';
  if (el.length === 0xffffffff) return '(undefined length)';
  if (STRING_VRS.has(vr)) return clip(elementText(ds, el, vr, root));
  const reader = NUMBER_READERS[vr];
  if (reader) {
    const n = Math.floor(el.length / reader.size);
    const shown: string[] = [];
    for (let i = 0; i < Math.min(n, MAX_NUMBERS); i++) shown.push(String(reader.read(ds, el.tag, i)));
    return shown.join('\\') + (n > MAX_NUMBERS ? `\\… (${n} values)` : '');
  }
  if (vr === 'AT') return ds.attributeTag(el.tag) ?? '';
  if (vr === 'OB' || vr === 'OW' || vr === 'OF' || vr === 'OD' || vr === 'OL' || vr === 'OV' || vr === 'UN' || vr === 'SQ') {
    return `(${vr} binary, ${el.length} bytes)`;
  }
  // Unknown VR (implicit file, tag not in our dictionary): show text if it reads as text.
  const bytes = ds.byteArray.subarray(el.dataOffset, el.dataOffset + Math.min(el.length, MAX_TEXT));
  if (el.length <= 1024 && isPrintable(bytes)) return clip((ds.text(el.tag) ?? '').replace(/\0/g, '').trim());
  return `(binary, ${el.length} bytes)`;
}

export function listTags(ds: DataSet, limit = MAX_LISTED_TAGS): DicomTag[] {
  const out: DicomTag[] = [];
  if (!walk(ds, ds, 0, out, limit)) {
    const listed = out.filter((t) => !t.tag.endsWith('(FFFE,E000)')).length;
    out.push({ tag: '…', keyword: 'Not listed', vr: '', value: `the list stops at ${limit} rows: ${countElements(ds, 0) - listed} more elements are left out` });
  }
  return out;
}

/** Elements at every level the list would show (items' elements included, item rows not). */
function countElements(ds: DataSet, depth: number): number {
  let n = 0;
  for (const el of Object.values(ds.elements)) {
    n++;
    if (el.items && depth < MAX_DEPTH) for (const item of el.items) if (item.dataSet) n += countElements(item.dataSet, depth + 1);
  }
  return n;
}

/** False when it stopped at `limit` rows. */
function walk(ds: DataSet, root: DataSet, depth: number, out: DicomTag[], limit: number): boolean {
  const tags = Object.keys(ds.elements).sort();
  for (const tag of tags) {
    if (out.length >= limit) return false;
    const el = ds.elements[tag];
    const entry = dictionaryEntry(tag);
    const isPrivate = dicomParser.isPrivateTag(tag);
    const vr = el.vr ?? (el.items ? 'SQ' : entry?.vr);
    let value: string;
    try {
      value = printValue(ds, el, vr ?? '', root);
    } catch {
      value = `(unreadable, ${el.length} bytes)`;
    }
    out.push({
      tag: `${'>'.repeat(depth)}${formatTag(tag)}`,
      keyword: entry?.keyword ?? (isPrivate ? 'Private' : ''),
      vr: vr ?? 'UN',
      value,
    });
    if (el.items && depth < MAX_DEPTH) {
      for (const [i, item] of el.items.entries()) {
        if (out.length >= limit) return false;
        out.push({ tag: `${'>'.repeat(depth + 1)}(FFFE,E000)`, keyword: 'Item', vr: '', value: `item ${i + 1}` });
        if (item.dataSet && !walk(item.dataSet, root, depth + 1, out, limit)) return false;
      }
    }
  }
  return true;
}
