// A DICOM person name (PN: Family^Given^Middle^Prefix^Suffix, up to three groups written
// alphabetic=ideographic=phonetic) as people read it. One function, so the viewer, the study panel,
// the worklist and the PACS search show a name the same way; the stored case is kept.

/**
 * Scripts written family name first without a comma: Han (every CJK extension, B and later too,
 * which are surrogate pairs in UTF-16, hence the u flag), kana and Hangul (syllables and Jamo).
 * Half-width katakana (U+FF61-FF9F, ISO 2022 IR 13) is listed whole: its sound marks and
 * prolonged-sound sign are Script=Common.
 */
const NO_COMMA = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\uff61-\uff9f]/u;

function groupText(group: string): string {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = group.split('^').map((s) => s.trim());
  const rest = [prefix, given, middle].filter(Boolean).join(' ');
  const name = family && rest ? (NO_COMMA.test(group) ? `${family} ${rest}` : `${family}, ${rest}`) : family || rest;
  return [name, suffix].filter(Boolean).join(' ');
}

/** "DOE^JANE^M" -> "DOE, JANE M"; "Yamada^Tarou=山田^太郎" -> "Yamada, Tarou = 山田 太郎"; '' for none. */
export function personName(pn: string | null | undefined): string {
  if (!pn) return '';
  return pn.split('=').map(groupText).filter(Boolean).join(' = ');
}
