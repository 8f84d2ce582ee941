// The first VOI LUT of a data set's VOI LUT Sequence (0028,3010), if it has one with data.
import type { DataSet } from 'dicom-parser';
import type { VoiLut } from '../study';
import { lutExplanation, readLutItem } from '../dicom/read-lut-item';

/**
 * `onIgnored` hears why a LUT that is present was not used: one whose data is shorter than its
 * descriptor says, or with more than 16 bits per entry, would map most values to one level and
 * show (and score) a blank image, so the caller falls back to the window as if there were no LUT.
 * `pixelRepresentation`: that of the values the LUT reads (0 after a Modality LUT, whose output is unsigned).
 */
export function readVoiLut(ds: DataSet, pixelRepresentation: number, onIgnored?: (why: string) => void): VoiLut | undefined {
  const item = ds.elements.x00283010?.items?.[0]?.dataSet;
  if (!item) return undefined;
  const table = readLutItem(item, pixelRepresentation, 'VOI LUT', onIgnored);
  if (!table) return undefined;
  const { data, numberOfEntries } = table;
  // Some writers claim fewer bits than their entries use; trust the data.
  let bitsPerEntry = table.bitsPerEntry;
  let max = 0;
  for (let i = 0; i < numberOfEntries; i++) if (data[i] > max) max = data[i];
  while (bitsPerEntry < 16 && max >= 2 ** bitsPerEntry) bitsPerEntry++;
  // LUT Explanation (LO): the name a reader knows the LUT by ("SQRT"), shown where the LUT is.
  const explanation = lutExplanation(item);
  return { ...table, bitsPerEntry, ...(explanation ? { explanation } : {}) };
}
