// Text that may be Hebrew or Arabic (a patient's name, a description, a file name), set into a line
// of other parts in plain text, where <bdi> cannot go (an <option>, a title): without isolation the
// bidi algorithm moves the date or the number beside it into the right-to-left run.

/** Letters of right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo… and their presentation forms. */
const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/**
 * `text` isolated when it holds a right-to-left letter: between FIRST STRONG ISOLATE (its direction
 * from its first letter: a name, a description) or, with 'ltr', LEFT-TO-RIGHT ISOLATE (a path or a
 * file name, whose folders and extension read left to right, as the status bar's <bdi dir="ltr">)
 * and POP DIRECTIONAL ISOLATE. Other text is left as it is, since only such a part can pull its
 * neighbours out of order in a left-to-right line (and copied text and screen readers then get no
 * invisible characters).
 */
export function bidiIsolate(text: string, dir: 'auto' | 'ltr' = 'auto'): string {
  if (!RTL.test(text)) return text;
  return `${dir === 'ltr' ? '\u2066' : '\u2068'}${text}\u2069`;
}
