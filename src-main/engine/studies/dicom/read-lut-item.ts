// One item of a Modality or VOI LUT Sequence: its LUT Descriptor (0028,3002) and LUT Data
// (0028,3006), read the same way for both (PS3.3 C.11.1.1, C.11.2.1.1).
import type { DataSet } from 'dicom-parser';

export interface LutTable {
  /** The stored (or modality) value mapped to data[0]; lower values clamp to it. */
  firstValueMapped: number;
  numberOfEntries: number;
  bitsPerEntry: number;
  data: Uint16Array;
}

/**
 * `name` ('VOI LUT', 'modality LUT') starts the reason `onIgnored` hears when a LUT that is present
 * cannot be used: data shorter than its descriptor says, or more than 16 bits per entry.
 */
export function readLutItem(item: DataSet, pixelRepresentation: number, name: string, onIgnored?: (why: string) => void): LutTable | undefined {
  const desc = item.elements.x00283002;
  const dataEl = item.elements.x00283006;
  if (!desc || desc.length < 6 || !dataEl || dataEl.length < 2) return undefined;
  const entries = item.uint16('x00283002', 0) ?? 0;
  const numberOfEntries = entries === 0 ? 65536 : entries;
  // First Value Mapped is SS when pixels are signed (PS3.3 C.11.1.1.1, C.11.2.1.1).
  const firstValueMapped =
    desc.vr === 'SS' || pixelRepresentation === 1 ? (item.int16('x00283002', 1) ?? 0) : (item.uint16('x00283002', 1) ?? 0);
  const bitsPerEntry = item.uint16('x00283002', 2) ?? 16;
  if (bitsPerEntry > 16) {
    onIgnored?.(`${name} ignored (its descriptor says ${bitsPerEntry} bits per entry; at most 16 are allowed)`);
    return undefined;
  }
  // One byte per entry (8-bit entries packed, seen in the wild; an odd count padded to even) or
  // two; anything shorter lacks entries.
  const packed = dataEl.length === numberOfEntries || (bitsPerEntry <= 8 && numberOfEntries % 2 === 1 && dataEl.length === numberOfEntries + 1);
  if (!packed && dataEl.length < 2 * numberOfEntries) {
    const held = Math.floor(dataEl.length / 2);
    onIgnored?.(`${name} ignored (its descriptor says ${numberOfEntries} entries but its data holds ${held})`);
    return undefined;
  }
  const data = new Uint16Array(numberOfEntries);
  if (packed) {
    for (let i = 0; i < numberOfEntries; i++) data[i] = item.byteArray[dataEl.dataOffset + i];
  } else {
    for (let i = 0; i < numberOfEntries; i++) data[i] = item.uint16('x00283006', i) ?? 0;
  }
  return { firstValueMapped, numberOfEntries, bitsPerEntry, data };
}

/** LUT Explanation (0028,3003), the name a reader knows a LUT by ("SQRT"): printable ASCII, at most 64 characters; '' when absent. */
export function lutExplanation(item: DataSet): string {
  return (item.string('x00283003') ?? '').replace(/[^\x20-\x7e]/g, '').trim().slice(0, 64);
}
