// Text values decoded with the data set's Specific Character Set (0008,0005), so names in UTF-8,
// Latin-2, Cyrillic, Greek, and the ISO 2022 sets with escape sequences (Japanese, Korean, Chinese)
// read correctly. dicom-character-set does the decoding (every set the standard lists, code
// extensions included). Only the VRs the standard lets carry them are affected; everything else is
// ASCII. A file that declares Latin-1 (ISO_IR 100) is read as such. One that declares no set (or
// only the default repertoire) is read as Latin-1 too, unless its bytes are valid UTF-8 beyond ASCII: many sources write UTF-8 without declaring ISO_IR 192, and
// reading that as Latin-1 turns "Müller" into "MÃ¼ller" on screen and in every SR made from it.
// Real Latin-1 text almost never forms valid multi-byte UTF-8 sequences.
import { convertBytes } from 'dicom-character-set';
import type { DataSet, Element } from 'dicom-parser';

export const CHARSET_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT']);

/** The declared set, e.g. "ISO 2022 IR 6\ISO 2022 IR 87"; '' when none (or only the default repertoire) is declared, 'latin1' for ISO_IR 100. */
function declaredSet(ds: DataSet, root: DataSet): string {
  const raw = (ds.elements.x00080005 ? ds.string('x00080005') : root.string('x00080005')) ?? '';
  const terms = raw.split('\\').map((s) => s.trim());
  if (terms.every((t) => t === '' || t === 'ISO_IR 6')) return '';
  if (terms.every((t) => t === '' || t === 'ISO_IR 6' || t === 'ISO_IR 100')) return 'latin1';
  return raw;
}

/** The element's text, trimmed of padding (NUL and spaces), decoded per the character set. */
export function elementText(ds: DataSet, el: Element, vr: string, root: DataSet = ds): string {
  const charset = CHARSET_VRS.has(vr) ? declaredSet(ds, root) : 'latin1';
  const bytes = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
  // A file that declares Latin-1 is taken at its word; only an undeclared set may turn out UTF-8.
  if (charset === 'latin1') return (ds.text(el.tag) ?? '').replace(/\0/g, '').trim();
  if (charset === '') return (undeclaredUtf8(bytes) ?? ds.text(el.tag) ?? '').replace(/\0/g, '').trim();
  try {
    return convertBytes(charset, bytes, { vr }).replace(/\0/g, '').trim();
  } catch {
    // An unknown or malformed set: Latin-1 keeps the value readable rather than losing it.
    return (ds.text(el.tag) ?? '').replace(/\0/g, '').trim();
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text when the bytes are valid UTF-8 and not plain ASCII; null otherwise (then Latin-1 reads them). */
function undeclaredUtf8(bytes: Uint8Array): string | null {
  if (!bytes.some((b) => b >= 0x80)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Name, ID and description attributes whose undeclared non-ASCII bytes are worth a note: those
 * shown first, and every text a DICOM result copies from its source (source-attributes).
 */
const NAMED_TEXT = ['x00100010', 'x00080080', 'x00080090', 'x00081030', 'x0008103e', 'x00100020', 'x00100021', 'x00101000', 'x00080050', 'x00200010'];

/** The note undeclaredCharsetNote gives: results leave such text empty rather than copy a guess. */
export const UNDECLARED_CHARSET_NOTE = 'the file declares no character set (0008,0005) but its names hold characters beyond ASCII: shown as Latin-1, which may be wrong';

/**
 * A note when the file declares no character set yet its names hold bytes beyond ASCII that are not
 * UTF-8: they are shown as Latin-1, which is a guess (Cyrillic or Greek single-byte sets read as
 * accented Latin letters). Null otherwise.
 */
export function undeclaredCharsetNote(ds: DataSet): string | null {
  if (declaredSet(ds, ds) !== '') return null;
  for (const tag of NAMED_TEXT) {
    const el = ds.elements[tag];
    if (!el || !el.length) continue;
    const bytes = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
    if (bytes.some((b) => b >= 0x80) && undeclaredUtf8(bytes) === null) {
      return UNDECLARED_CHARSET_NOTE;
    }
  }
  return null;
}
