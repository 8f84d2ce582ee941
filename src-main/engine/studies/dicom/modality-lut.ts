// The first LUT of a Modality LUT Sequence (0028,3000): the modality transformation of a grayscale
// image, used instead of Rescale Slope/Intercept (PS3.3 C.11.1). A stored value v becomes
// data[v - firstValueMapped], values beyond the table taking its first or last entry.
import type { DataSet } from 'dicom-parser';
import type { PixelModule } from './pixel-module';
import { lutExplanation, readLutItem, type LutTable } from './read-lut-item';

export interface ModalityLut extends LutTable {
  /** LUT Explanation (0028,3003), when the file gives one. */
  explanation?: string;
  /** Modality LUT Type (0028,3004): the output's units (OD, HU, US...), when given. */
  type?: string;
}

/** `onIgnored` hears why a LUT that is present is not used (colour image, short data, too many bits). */
export function readModalityLut(ds: DataSet, pm: PixelModule, onIgnored?: (why: string) => void): ModalityLut | undefined {
  const seq = ds.elements.x00283000;
  if (!seq) return undefined;
  const item = seq.items?.[0]?.dataSet;
  if (!item) {
    onIgnored?.('modality LUT ignored (its sequence holds no item)');
    return undefined;
  }
  if (pm.samplesPerPixel !== 1) {
    onIgnored?.('modality LUT ignored (it applies to grayscale images, and this one is colour)');
    return undefined;
  }
  let said = false;
  const table = readLutItem(item, pm.pixelRepresentation, 'modality LUT', (why) => {
    said = true;
    onIgnored?.(why);
  });
  if (!table) {
    if (!said) onIgnored?.('modality LUT ignored (its LUT Descriptor or LUT Data is missing or too short)');
    return undefined;
  }
  const explanation = lutExplanation(item);
  const type = (item.string('x00283004') ?? '').replace(/[^\x20-\x7e]/g, '').trim().slice(0, 16);
  return { ...table, ...(explanation ? { explanation } : {}), ...(type ? { type } : {}) };
}
