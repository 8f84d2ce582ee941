// Terminal tables line up by the columns a text takes, not by its UTF-16 length: a Japanese model
// name takes two columns a character, an accent none (review 41 F8).

// East Asian Wide and Fullwidth (Unicode UAX #11), roughly: CJK ideographs, kana, Hangul,
// full-width forms and CJK punctuation; emoji also draw two columns wide in terminals.
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]|\p{Extended_Pictographic}/u;
const ZERO = /[\p{M}\u200b-\u200f\u2060-\u2069\ufe00-\ufe0f]/u;

/** Columns `text` takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1;
  return width;
}

/** `text` padded with spaces to `width` columns (as padEnd, by display width). */
export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}
