// Text values decoded with the data set's Specific Character Set (0008,0005), so names in UTF-8,
// Latin-2, Cyrillic, Greek ... read correctly. Only the VRs the standard lets carry them are
// affected; everything else is ASCII. Unknown or ISO 2022 code-extension sets fall back to Latin-1.
import { TextDecoder } from 'node:util';
import type { DataSet, Element } from 'dicom-parser';

const ENCODINGS: Record<string, string> = {
  'ISO_IR 6': 'latin1',
  'ISO_IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 203': 'iso-8859-15',
  'ISO_IR 166': 'windows-874',
  'ISO_IR 13': 'shift_jis',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

export const CHARSET_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'PN', 'UC', 'UT']);

const decoders = new Map<string, TextDecoder>();

function decoderFor(ds: DataSet, root: DataSet): TextDecoder | undefined {
  const declared = (ds.string('x00080005') ?? root.string('x00080005') ?? '').split('\\').map((s) => s.trim()).filter(Boolean);
  const encoding = declared.map((d) => ENCODINGS[d]).find(Boolean);
  if (!encoding || encoding === 'latin1') return undefined;
  let d = decoders.get(encoding);
  if (!d) {
    try {
      d = new TextDecoder(encoding);
    } catch {
      return undefined; // this Node build lacks the encoding: Latin-1 it is
    }
    decoders.set(encoding, d);
  }
  return d;
}

/** The element's text, trimmed of padding (NUL and spaces), decoded per the character set. */
export function elementText(ds: DataSet, el: Element, vr: string, root: DataSet = ds): string {
  const decoder = CHARSET_VRS.has(vr) ? decoderFor(ds, root) : undefined;
  if (!decoder) return (ds.text(el.tag) ?? '').replace(/\0/g, '').trim();
  const bytes = ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
  return decoder.decode(bytes).replace(/\0/g, '').trim();
}
