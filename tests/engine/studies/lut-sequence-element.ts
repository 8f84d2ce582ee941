// Raw explicit-VR little-endian bytes for elements tests/fixtures/write-dicom.ts has no option for:
// a Modality LUT Sequence (0028,3000) of one item, and a 16-bit US/SS value (Pixel Padding Value).
// Written by hand here, independent of the engine's reader.

function element(group: number, elem: number, vr: string, body: Buffer): Buffer {
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr);
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(elem, 2);
  head.write(vr, 4, 'latin1');
  if (long) head.writeUInt32LE(body.length, 8);
  else head.writeUInt16LE(body.length, 6);
  return Buffer.concat([head, body]);
}

function text(s: string): Buffer {
  return Buffer.from(s.length % 2 ? `${s} ` : s, 'latin1');
}

/** One 16-bit value, as US (unsigned) or SS (two's complement). */
export function word(value: number, vr: 'US' | 'SS' = 'US'): Buffer {
  const b = Buffer.alloc(2);
  if (vr === 'SS') b.writeInt16LE(value, 0);
  else b.writeUInt16LE(value, 0);
  return b;
}

export interface ModalityLutSpec {
  firstValueMapped: number;
  bitsPerEntry: number;
  data: number[];
  /** Descriptor VR: SS when the first value mapped is negative (signed pixels). */
  descriptorVr?: 'US' | 'SS';
  explanation?: string;
  type?: string;
  /** 8-bit entries one per byte (seen in the wild) instead of one per 16-bit word. */
  packed?: boolean;
}

/** The value of a Modality LUT Sequence element: one item (descriptor, data, explanation, type); a 65536-entry table says 0 entries. */
export function modalityLutSequence(spec: ModalityLutSpec): Buffer {
  const entries = spec.data.length === 65536 ? 0 : spec.data.length;
  const vr = spec.descriptorVr ?? 'US';
  const desc = Buffer.concat([word(entries), word(spec.firstValueMapped, vr), word(spec.bitsPerEntry)]);
  const data = spec.packed ? Buffer.from(spec.data) : Buffer.concat(spec.data.map((v) => word(v)));
  const parts = [element(0x0028, 0x3002, vr, desc)];
  if (spec.explanation !== undefined) parts.push(element(0x0028, 0x3003, 'LO', text(spec.explanation)));
  if (spec.type !== undefined) parts.push(element(0x0028, 0x3004, 'LO', text(spec.type)));
  parts.push(element(0x0028, 0x3006, 'OW', data.length % 2 ? Buffer.concat([data, Buffer.alloc(1)]) : data));
  const body = Buffer.concat(parts);
  const item = Buffer.alloc(8);
  item.writeUInt16LE(0xfffe, 0);
  item.writeUInt16LE(0xe000, 2);
  item.writeUInt32LE(body.length, 4);
  return Buffer.concat([item, body]);
}
