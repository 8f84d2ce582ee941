// The study note that says a Modality LUT made the values shown, windowed and read by the AI.
import type { ModalityLut } from './modality-lut';

export function modalityLutNote(lut: ModalityLut, fileHasRescale: boolean): string {
  const name = lut.explanation ? ` "${lut.explanation}"` : '';
  const units = lut.type ? `, output ${lut.type}` : '';
  const rescale = fileHasRescale ? '; the file\'s rescale slope/intercept not used' : '';
  return (
    `modality LUT${name} applied (${lut.numberOfEntries} entries from stored value ${lut.firstValueMapped}${units}): ` +
    `the values are its output${rescale}`
  );
}
