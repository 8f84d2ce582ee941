// dicom-parser walks compressed pixel data fragment by fragment, each an item (FFFE,E000) and a
// length. A damaged length lands it inside a fragment: it only warns ("unexpected tag"), then
// takes the rest of the file as one last fragment, and the decoder got bytes of another fragment,
// or item headers, as image data: a silently wrong picture (review 45 F1). Each fragment the
// parser kept must start right after an item tag, as written; anything else is refused.
import type { DataSet } from 'dicom-parser';
import { AlveoError } from '../../../api/errors';

const PIXEL_DATA = 'x7fe00010';

/** Throws CORRUPT, naming the file and the fragment, when a fragment of the pixel data does not start at an item. */
export function checkFragmentItems(file: string, dataSet: DataSet): void {
  const el = dataSet.elements[PIXEL_DATA];
  if (!el?.encapsulatedPixelData) return;
  const bytes = dataSet.byteArray;
  // Encapsulated pixel data is always little endian, whatever the data set's syntax.
  const u16 = (p: number) => bytes[p] | (bytes[p + 1] << 8);
  (el.fragments ?? []).forEach((f, k) => {
    const tag = f.position - 8;
    if (tag >= 0 && u16(tag) === 0xfffe && u16(tag + 2) === 0xe000) return;
    const after = k === 0 ? 'the offset table' : `fragment ${k}`;
    throw new AlveoError('CORRUPT', `the compressed pixel data is damaged: fragment ${k + 1} does not start with an item tag (the length of ${after} is wrong, or bytes are missing)`, file);
  });
}
