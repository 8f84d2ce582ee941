// A small CR series of 12-bit chest phantoms in one study (s1.dcm, s2.dcm, ... in `dir`), the
// input of the PACS tests: one patient, one study and series UID, instance i brighter with i.
import { join } from 'node:path';
import { chestPhantom, writeDicom } from '../../../fixtures/write-dicom';

export async function writeCrSeries(
  dir: string,
  opts: { count: number; study: string; patientId: string; patientName: string; lowStep: number },
): Promise<string[]> {
  const files: string[] = [];
  for (let i = 1; i <= opts.count; i++) {
    files.push(
      await writeDicom(join(dir, `s${i}.dcm`), {
        rows: 128,
        columns: 128,
        pixels: chestPhantom(128, 128, opts.lowStep * i, 3000),
        bitsStored: 12,
        attributes: {
          PatientID: opts.patientId,
          PatientName: opts.patientName,
          StudyDate: '20250301',
          StudyInstanceUID: opts.study,
          SeriesInstanceUID: `${opts.study}.1`,
          SOPInstanceUID: `${opts.study}.1.${i}`,
          Modality: 'CR',
        },
      }),
    );
  }
  return files;
}
