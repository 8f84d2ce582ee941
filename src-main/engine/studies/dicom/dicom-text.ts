// Text values decoded with the data set's Specific Character Set (0008,0005), so names in UTF-8,
// Latin-2, Cyrillic, Greek, and the ISO 2022 sets with escape sequences (Japanese, Korean, Chinese)
// read correctly. dicom-character-set does the decoding (every set the standard lists, code
// extensions included). Only the VRs the standard lets carry them are affected; everything else is
// ASCII. A file that declares Latin-1 (ISO_IR 100) is read as such. One that declares no set (or
// only the default repertoire) is read as Latin-1 too, unless its bytes are valid UTF-8 beyond ASCII: many sources write UTF-8 without declaring ISO_IR 192, and
// reading that as Latin-1 turns "Müller" into "MÃ¼ller" on screen and in every SR made from it.
// Real Latin-1 text almost never forms valid multi-byte UTF-8 sequences. A misspelt defined term
// ("ISO_IR144") is read as the term it means; a term that is no DICOM set at all ("WINDOWS-1251")
// declares nothing the decoder can follow, so it is read as an undeclared set (charset-notes.ts
// says so beside the study).
import { convertBytes } from 'dicom-character-set';
import type { DataSet, Element } from 'dicom-parser';
import { resolveCharacterSet, type ResolvedCharacterSet } from './resolve-character-set';

export const CHARSET_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT']);

/** How text is read: 'none' as undeclared (no set, only the default repertoire, or a term that is no DICOM set), 'latin1', or by dicom-character-set under `value`. */
export type TextReading = 'none' | 'latin1' | 'decoder';

export interface DeclaredCharacterSet extends ResolvedCharacterSet {
  reading: TextReading;
}

/** The set the data set declares (an item's own, else the root's), as the decoder will read it. */
export function declaredCharacterSet(ds: DataSet, root: DataSet = ds): DeclaredCharacterSet {
  const raw = (ds.elements.x00080005 ? ds.string('x00080005') : root.string('x00080005')) ?? '';
  const resolved = resolveCharacterSet(raw);
  const terms = resolved.value.split('\\');
  if (resolved.unknown.length > 0 || terms.every((t) => t === '' || t === 'ISO_IR 6')) return { ...resolved, reading: 'none' };
  if (terms.every((t) => t === '' || t === 'ISO_IR 6' || t === 'ISO_IR 100')) return { ...resolved, reading: 'latin1' };
  return { ...resolved, reading: 'decoder' };
}

/** The element's text, trimmed of padding (NUL and spaces), decoded per the character set. */
export function elementText(ds: DataSet, el: Element, vr: string, root: DataSet = ds): string {
  const set: DeclaredCharacterSet = CHARSET_VRS.has(vr) ? declaredCharacterSet(ds, root) : { value: '', misspelt: [], unknown: [], reading: 'latin1' };
  const bytes = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
  // A file that declares Latin-1 is taken at its word; only an undeclared set may turn out UTF-8.
  if (set.reading === 'latin1') return (ds.text(el.tag) ?? '').replace(/\0/g, '').trim();
  if (set.reading === 'none') return (utf8Text(bytes) ?? ds.text(el.tag) ?? '').replace(/\0/g, '').trim();
  try {
    return convertBytes(set.value, bytes, { vr }).replace(/\0/g, '').trim();
  } catch {
    // A malformed value under a known set: Latin-1 keeps the value readable rather than losing it.
    return (ds.text(el.tag) ?? '').replace(/\0/g, '').trim();
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text when the bytes are valid UTF-8 with at least one multi-byte sequence; null otherwise (plain ASCII, or not UTF-8). */
export function utf8Text(bytes: Uint8Array): string | null {
  if (!bytes.some((b) => b >= 0x80)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}
