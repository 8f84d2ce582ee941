// What the study's notes say about how its text was read, when the character set leaves doubt:
// no set declared yet bytes beyond ASCII that are not UTF-8 (read as Latin-1, a guess); a set
// that is no DICOM term ("WINDOWS-1251": the same guess); a defined term misspelt ("ISO_IR144":
// read as the term it means); and Latin-1 declared over bytes that form UTF-8 ("Ã¼" for "ü": read
// as declared, as DCMTK does, but not passed on without a word). The viewer lists these notes,
// score rows carry the doubtful ones (rowCharsetNotes) and DICOM results leave guessed text empty
// (source-attributes.ts).
import type { DataSet } from 'dicom-parser';
import type { Study } from '../study';
import { CHARSET_VRS, declaredCharacterSet, utf8Text } from './dicom-text';
import { tagOfKeyword, vrOf } from './tag-dictionary';

/**
 * Name, ID and description attributes whose doubtful text is worth a note: those shown first, and
 * every text a DICOM result copies from its source (source-attributes).
 */
const NAMED_TEXT: Record<string, string> = {
  x00100010: 'PatientName',
  x00080080: 'InstitutionName',
  x00080090: 'ReferringPhysicianName',
  x00081030: 'StudyDescription',
  x0008103e: 'SeriesDescription',
  x00100020: 'PatientID',
  x00100021: 'IssuerOfPatientID',
  x00101000: 'OtherPatientIDs',
  x00080050: 'AccessionNumber',
  x00200010: 'StudyID',
};

/** The note for an undeclared set: results leave such text empty rather than copy a guess. */
export const UNDECLARED_CHARSET_NOTE = 'the file declares no character set (0008,0005) but its names hold characters beyond ASCII: shown as Latin-1, which may be wrong';

const UNKNOWN_PREFIX = 'the file declares character set ';
const UNKNOWN_CAUSE = ', which is not a DICOM character set: text shown as Latin-1, which may be wrong';
const MISSPELT_CAUSE = ', a misspelling of the DICOM term ';
const UTF8_PREFIX = 'the file declares Latin-1 (ISO_IR 100) but its ';

const quoted = (terms: string[]) => terms.map((t) => `'${t}'`).join(', ');

/** A set the decoder does not know: its text is read as an undeclared set's, so Latin-1 is a guess. */
export function unknownCharsetNote(terms: string[]): string {
  return `${UNKNOWN_PREFIX}${quoted(terms)}${UNKNOWN_CAUSE}`;
}

function misspeltCharsetNote(written: string, term: string): string {
  return `${UNKNOWN_PREFIX}'${written}'${MISSPELT_CAUSE}'${term}': text read as ${term}`;
}

function utf8UnderLatin1Note(keywords: string[]): string {
  return `${UTF8_PREFIX}${keywords.join(', ')} read as UTF-8: shown as Latin-1 as declared, so a name may show 'Ã¼' where 'ü' was meant`;
}

/** Latin-1 text that reads as UTF-8 with at least one multi-byte sequence (genuine Latin-1 text almost never does). */
export function looksLikeUtf8(latin1Text: string): boolean {
  return !/[^\x00-\xff]/.test(latin1Text) && utf8Text(Buffer.from(latin1Text, 'latin1')) !== null;
}

/** The study's notes about its character set, in the order the viewer lists them; none when the text reads as declared. */
export function charsetNotes(ds: DataSet): string[] {
  const set = declaredCharacterSet(ds);
  const named = Object.entries(NAMED_TEXT).flatMap(([tag, keyword]) => {
    const el = ds.elements[tag];
    return el && el.length ? [{ keyword, bytes: ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length) }] : [];
  });
  // Read as undeclared (dicom-text.ts): bytes beyond ASCII that are not UTF-8 are shown as Latin-1, a guess.
  const guessed = named.some(({ bytes }) => bytes.some((b) => b >= 0x80) && utf8Text(bytes) === null);
  if (set.reading === 'none') {
    if (!guessed) return [];
    return [set.unknown.length > 0 ? unknownCharsetNote(set.unknown) : UNDECLARED_CHARSET_NOTE];
  }
  const notes = set.misspelt.map(({ written, term }) => misspeltCharsetNote(written, term));
  if (set.reading === 'latin1') {
    const utf8 = named.filter(({ bytes }) => utf8Text(bytes) !== null).map(({ keyword }) => keyword);
    if (utf8.length > 0) notes.push(utf8UnderLatin1Note(utf8));
  }
  return notes;
}

/** The note saying the study's text beyond ASCII is a Latin-1 guess (undeclared or unknown set); null when it is not. */
export function guessedCharsetNote(notes: readonly string[]): string | null {
  return notes.find((n) => n === UNDECLARED_CHARSET_NOTE || (n.startsWith(UNKNOWN_PREFIX) && n.endsWith(UNKNOWN_CAUSE))) ?? null;
}

/** The note saying Latin-1 is declared over UTF-8 bytes; null when there is none. */
export function utf8UnderLatin1(notes: readonly string[]): string | null {
  return notes.find((n) => n.startsWith(UTF8_PREFIX)) ?? null;
}

/**
 * The character-set notes a score row carries: those that put its attributes (names, IDs,
 * descriptions) in doubt, when the row holds text read that way (beyond ASCII: ASCII reads the
 * same in every set). A misspelt term read as meant changes nothing in the row and is left out.
 */
export function rowCharsetNotes(study: Pick<Study, 'notes' | 'attributes'>): string[] {
  const text = Object.entries(study.attributes).filter(([keyword, value]) => /[^\x00-\x7f]/.test(value) && CHARSET_VRS.has(vrOfKeyword(keyword)));
  if (text.length === 0) return [];
  const guessed = guessedCharsetNote(study.notes);
  const utf8 = utf8UnderLatin1(study.notes);
  return [
    ...(guessed ? [guessed] : []),
    ...(utf8 && text.some(([, value]) => looksLikeUtf8(value)) ? [utf8] : []),
  ];
}

function vrOfKeyword(keyword: string): string {
  const tag = tagOfKeyword(keyword);
  return (tag && vrOf(tag)) ?? '';
}
