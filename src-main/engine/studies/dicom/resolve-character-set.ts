// The Specific Character Set (0008,0005) as written, resolved to the DICOM defined terms
// (PS3.3 C.12.1.1.2) the decoder knows. Modalities misspell them ("ISO_IR144", "ISO-IR 138",
// "iso_ir 100"): such a value is mapped to the one term it can only mean, so the text still reads
// right. A term no spelling rule maps ("WINDOWS-1251") is unknown: the text is then no better
// declared than with no set at all (dicom-text.ts reads it as an undeclared set, with a note).

/** Every defined term dicom-character-set decodes (its table, plus the default 'ISO_IR 6' often written). */
const DEFINED_TERMS = [
  'ISO_IR 6', 'ISO_IR 100', 'ISO_IR 101', 'ISO_IR 109', 'ISO_IR 110', 'ISO_IR 144', 'ISO_IR 127', 'ISO_IR 126',
  'ISO_IR 138', 'ISO_IR 148', 'ISO_IR 13', 'ISO_IR 166',
  'ISO 2022 IR 6', 'ISO 2022 IR 100', 'ISO 2022 IR 101', 'ISO 2022 IR 109', 'ISO 2022 IR 110', 'ISO 2022 IR 144',
  'ISO 2022 IR 127', 'ISO 2022 IR 126', 'ISO 2022 IR 138', 'ISO 2022 IR 148', 'ISO 2022 IR 13', 'ISO 2022 IR 166',
  'ISO 2022 IR 87', 'ISO 2022 IR 159', 'ISO 2022 IR 149', 'ISO 2022 IR 58',
  'ISO_IR 192', 'GB18030', 'GBK',
] as const;

const DEFINED = new Set<string>(DEFINED_TERMS);

/** A term with case, spaces, hyphens and underscores taken out: "ISO_IR 144", "iso-ir144" → "ISOIR144". */
const skeleton = (term: string) => term.toUpperCase().replace(/[\s_-]+/g, '');

/** Skeleton → defined term; every defined term has its own skeleton, so a match is never ambiguous. */
const BY_SKELETON = new Map(DEFINED_TERMS.map((t) => [skeleton(t), t]));

export interface ResolvedCharacterSet {
  /** The value with each term as the decoder knows it (backslash-separated, empty first term kept). */
  value: string;
  /** Terms written other than as defined, with the term each was read as. */
  misspelt: Array<{ written: string; term: string }>;
  /** Terms that are not DICOM character sets in any spelling Alveo maps. */
  unknown: string[];
}

export function resolveCharacterSet(raw: string): ResolvedCharacterSet {
  const misspelt: ResolvedCharacterSet['misspelt'] = [];
  const unknown: string[] = [];
  const terms = raw.split('\\').map((written) => {
    const t = written.replace(/\0/g, '').trim();
    if (t === '' || DEFINED.has(t)) return t;
    const term = BY_SKELETON.get(skeleton(t));
    if (term) misspelt.push({ written: t, term });
    else unknown.push(t);
    return term ?? t;
  });
  return { value: terms.join('\\'), misspelt, unknown };
}
