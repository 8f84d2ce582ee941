// A C-FIND match's text as the viewer reads it: every text attribute (SH, LO, PN, ST, LT, UC, UT)
// decoded from the response's own bytes (keep-response-bytes) with its Specific Character Set
// (0008,0005), by dicom-character-set through the viewer's elementText: ISO 2022 code extensions
// (IR 87, IR 13, IR 149, IR 58...) included. A PN stays one string ("Yamada^Tarou=山田^太郎=やまだ^たろう"),
// split into groups and components only after decoding, so a '^' or '=' byte inside a two-byte code
// is no separator. Without the bytes, or when they cannot be read, dcmjs's reading is kept.
import dicomParser, { type DataSet } from 'dicom-parser';
import { CHARSET_VRS, elementText } from '../studies/dicom/dicom-text';
import { dictionaryEntry, vrOf } from '../studies/dicom/tag-dictionary';
import { text } from './dimse-association';
import type { RawBytes } from './raw-dataset';

/** Instance identity both readings must agree on, so that bytes are never paired with another response's match. */
const IDENTITY: [tag: string, keyword: string][] = [
  ['x0020000d', 'StudyInstanceUID'],
  ['x0020000e', 'SeriesInstanceUID'],
  ['x00080018', 'SOPInstanceUID'],
];

const clean = (s: string | undefined) => (s ?? '').replace(/\0/g, '').trim();

function parse(raw: RawBytes): DataSet | null {
  try {
    return dicomParser.parseDicom(new Uint8Array(raw.bytes.buffer, raw.bytes.byteOffset, raw.bytes.byteLength), {
      TransferSyntaxUID: raw.transferSyntaxUid,
      // Implicit VR carries no VRs: the dictionary tells sequences apart from plain values.
      vrCallback: (tag: string) => vrOf(tag) as unknown as void,
    });
  } catch {
    return null;
  }
}

/** The match's elements (dcmjs-naturalized) with their text replaced by the text decoded from `raw`. */
export function findResponseText(elements: Record<string, unknown>, raw: RawBytes | undefined): Record<string, unknown> {
  const ds = raw && parse(raw);
  if (!ds) return elements;
  if (IDENTITY.some(([tag, keyword]) => clean(ds.string(tag)) !== clean(text(elements[keyword])))) return elements;
  const decoded: Record<string, unknown> = { ...elements };
  for (const [tag, el] of Object.entries(ds.elements)) {
    const vr = el.vr ?? vrOf(tag);
    const keyword = dictionaryEntry(tag)?.keyword;
    // Private elements have no keyword here, and dcmjs names them by tag: they keep dcmjs's reading.
    if (!vr || !CHARSET_VRS.has(vr) || !keyword) continue;
    const value = elementText(ds, el, vr);
    // Trailing empty PN groups are dropped (PS3.5 6.2.1), as dcmjs did: "Zhang^XiaoDong=张^小东=".
    decoded[keyword] = vr === 'PN' ? value.split('\\').map((v) => v.replace(/=+$/, '')).join('\\') : value;
  }
  return decoded;
}
