// The reader's name, as they gave it, as a DICOM PN value (the SR's Person Observer Name). A name
// given the DICOM way, with component groups ("Yamada^Tarou=山田^太郎=やまだ^たろう"), keeps them as
// the Alphabetic, Ideographic and Phonetic groups dcmjs writes: turning '=' into a space would make
// "Tarou 山田" the given name. PS3.5 6.2: at most three groups of at most five '^' components and 64
// characters each; characters are counted as code points, so a cut never splits a surrogate pair.

export interface PersonNameValue {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

const MAX_GROUP_CHARS = 64;
const GROUP_KEYS = ['Alphabetic', 'Ideographic', 'Phonetic'] as const;

/** One component group: no '\' (it would split the value) or control characters, five components, 64 characters. */
function group(text: string): string {
  const parts = text.replace(/[\\\x00-\x1f\x7f]/g, ' ').split('^');
  // A sixth component and beyond have no place in PN: they join the fifth (the suffix).
  const components = parts.length > 5 ? [...parts.slice(0, 4), parts.slice(4).join(' ')] : parts;
  return [...components.join('^')].slice(0, MAX_GROUP_CHARS).join('').trimEnd();
}

/** "Yamada^Tarou=山田^太郎" -> { Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎' }; empty groups left out. */
export function readerPersonName(name: string): PersonNameValue {
  const parts = name.trim().split('=');
  // A fourth group and beyond have no meaning: they stay in the phonetic group, as words.
  const groups = parts.length > 3 ? [...parts.slice(0, 2), parts.slice(2).join(' ')] : parts;
  const value: PersonNameValue = {};
  groups.forEach((g, i) => {
    const text = group(g);
    if (text) value[GROUP_KEYS[i]] = text;
  });
  return Object.keys(value).length ? value : { Alphabetic: '' };
}
