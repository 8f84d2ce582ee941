// One labelled image of an imported dataset (engine-internal: it carries the patient identifier).
import type { OfficialSplit } from '../../api/training';

/** csv: patients.csv in the folder; folder: CLASS/PATIENT/image; file: unknown, one file = one patient. */
export type PatientSource = 'csv' | 'kermany-name' | 'rsna' | 'dicom' | 'folder' | 'file';

export interface DatasetItem {
  file: string;
  /** 1 = PNEUMONIA, 0 = NORMAL. */
  label: 0 | 1;
  patientId: string;
  patientSource: PatientSource;
  officialSplit: OfficialSplit | null;
  format: 'dicom' | 'jpeg' | 'png';
  sha256: string;
  /** Extra byte-identical copies, and every copy whose twins carry another label: not for training. */
  excluded?: 'duplicate' | 'conflicting-duplicate';
}

export const labelName = (label: 0 | 1) => (label === 1 ? 'PNEUMONIA' : 'NORMAL') as 'PNEUMONIA' | 'NORMAL';
