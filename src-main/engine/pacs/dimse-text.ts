// dcmjs (inside dcmjs-dimse) decodes top-level text with the Specific Character Set but text in
// sequence items as Latin-1, and writes text as UTF-8: a UTF-8 file sent or received over DIMSE
// would come out with "Ã¼" for "ü" in every nested item (an SR's whole content tree). The Latin-1
// decoding is exact byte for byte, so it is undone here before the data set is written.

/** Repairs, in place, nested text of a naturalized data set declared as UTF-8 (ISO_IR 192). */
export function repairNestedUtf8(elements: Record<string, unknown>): void {
  const cs = elements.SpecificCharacterSet;
  const declared = (Array.isArray(cs) ? cs : [cs]).map((v) => String(v ?? '').trim());
  if (!declared.includes('ISO_IR 192')) return;
  for (const value of Object.values(elements)) if (Array.isArray(value)) for (const item of value) if (isItem(item)) repairItem(item);
}

function isItem(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer);
}

function fix(s: string): string {
  // Only strings that are Latin-1 renderings of UTF-8 bytes: every char < 256 and some >= 128.
  if (!/[\x80-\xff]/.test(s) || /[^\x00-\xff]/.test(s)) return s;
  const bytes = Buffer.from(s, 'latin1');
  const text = bytes.toString('utf8');
  return text.includes('\uFFFD') ? s : text;
}

function repairItem(item: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(item)) {
    if (k === '_vrMap') continue;
    if (typeof v === 'string') item[k] = fix(v);
    else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        if (typeof x === 'string') v[i] = fix(x);
        else if (isItem(x)) {
          if ('Alphabetic' in x && typeof x.Alphabetic === 'string') x.Alphabetic = fix(x.Alphabetic);
          repairItem(x);
        }
      });
    }
  }
}
