// The first VOI LUT of a data set's VOI LUT Sequence (0028,3010), if it has one with data.
import type { DataSet } from 'dicom-parser';
import type { VoiLut } from '../study';

/**
 * `onIgnored` hears why a LUT that is present was not used: one whose data is shorter than its
 * descriptor says, or with more than 16 bits per entry, would map most values to one level and
 * show (and score) a blank image, so the caller falls back to the window as if there were no LUT.
 */
export function readVoiLut(ds: DataSet, pixelRepresentation: number, onIgnored?: (why: string) => void): VoiLut | undefined {
  const item = ds.elements.x00283010?.items?.[0]?.dataSet;
  if (!item) return undefined;
  const desc = item.elements.x00283002;
  const dataEl = item.elements.x00283006;
  if (!desc || desc.length < 6 || !dataEl || dataEl.length < 2) return undefined;
  const entries = item.uint16('x00283002', 0) ?? 0;
  const numberOfEntries = entries === 0 ? 65536 : entries;
  // First Value Mapped is SS when pixels are signed (PS3.3 C.11.2.1.1).
  const firstValueMapped =
    desc.vr === 'SS' || pixelRepresentation === 1 ? (item.int16('x00283002', 1) ?? 0) : (item.uint16('x00283002', 1) ?? 0);
  let bitsPerEntry = item.uint16('x00283002', 2) ?? 16;
  if (bitsPerEntry > 16) {
    onIgnored?.(`VOI LUT ignored (its descriptor says ${bitsPerEntry} bits per entry; at most 16 are allowed)`);
    return undefined;
  }
  // One byte per entry (8-bit entries packed, seen in the wild; an odd count padded to even) or
  // two; anything shorter lacks entries.
  const packed = dataEl.length === numberOfEntries || (bitsPerEntry <= 8 && numberOfEntries % 2 === 1 && dataEl.length === numberOfEntries + 1);
  if (!packed && dataEl.length < 2 * numberOfEntries) {
    const held = Math.floor(dataEl.length / 2);
    onIgnored?.(`VOI LUT ignored (its descriptor says ${numberOfEntries} entries but its data holds ${held})`);
    return undefined;
  }
  const data = new Uint16Array(numberOfEntries);
  if (packed) {
    // 8-bit entries packed one per byte (seen in the wild).
    for (let i = 0; i < numberOfEntries; i++) data[i] = item.byteArray[dataEl.dataOffset + i];
  } else {
    for (let i = 0; i < numberOfEntries; i++) data[i] = item.uint16('x00283006', i) ?? 0;
  }
  // Some writers claim fewer bits than their entries use; trust the data.
  let max = 0;
  for (let i = 0; i < numberOfEntries; i++) if (data[i] > max) max = data[i];
  while (bitsPerEntry < 16 && max >= 2 ** bitsPerEntry) bitsPerEntry++;
  // LUT Explanation (LO): the name a reader knows the LUT by ("SQRT"), shown where the LUT is.
  const explanation = (item.string('x00283003') ?? '').replace(/[^\x20-\x7e]/g, '').trim().slice(0, 64);
  return { firstValueMapped, numberOfEntries, bitsPerEntry, data, ...(explanation ? { explanation } : {}) };
}
