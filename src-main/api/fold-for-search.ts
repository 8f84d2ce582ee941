// Text as a search compares it, in the forms people type the same name in: one pure function
// shared by the worklist's search (renderer) and its CSV export (engine), so both keep the same rows.

/** Kana voicing marks (゛ ゜ as combining marks): they make another syllable (タ/ダ), so they stay. */
const MARK = /(?![\u3099\u309a])\p{M}/gu;
const ASCII = /^[\x00-\x7f]*$/;
const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue' };

/**
 * The forms of `text` a search matches against, the first always the plain one: NFKC (full- and
 * half-width katakana, full-width Latin and NFD file names become one form), lower case with ß as
 * ss (toLowerCase alone keeps ß, and 'SS' is its capital); then without diacritics (Müller as
 * Muller, niqqud dropped) and with the German transliteration (Müller as Mueller). A query matches
 * when one of its forms is inside one of the text's forms; duplicates are left out.
 */
export function foldForSearch(text: string): string[] {
  // Most IDs, accession numbers and file names are ASCII: one form, without three normalisations.
  if (ASCII.test(text)) return [text.toLowerCase()];
  const plain = text.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss');
  // NFC again after stripping: Hangul syllables come apart under NFD and must be whole to match.
  const bare = plain.normalize('NFD').replace(MARK, '').normalize('NFC');
  const german = plain.replace(/[äöü]/g, (c) => GERMAN[c]);
  return [...new Set([plain, bare, german])];
}
