// A naturalized data set -> DICOM Part-10 bytes (explicit VR little endian) through dcmjs, and
// written atomically: a reader, a PACS upload or a crash never sees half a file.
import dcmjs from 'dcmjs';
import type { NaturalizedDataset } from 'dcmjs';
import { writeFileAtomic } from '../files/atomic-files';
import { quietDcmjs } from './dcmjs-quiet';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;
quietDcmjs(dcmjs as unknown as Parameters<typeof quietDcmjs>[0]);

export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** Alveo's implementation class UID (a fixed 2.25 UUID UID) and version name in every meta header. */
export const IMPLEMENTATION_CLASS_UID = '2.25.182446733573125839165574405628848236466';
export const IMPLEMENTATION_VERSION = 'ALVEO_1';

/** `transferSyntaxUid`: the syntax the data set's PixelData is in (encapsulated when compressed). */
export function dicomPart10(dataset: NaturalizedDataset, transferSyntaxUid = EXPLICIT_VR_LITTLE_ENDIAN): Buffer {
  const sopClassUid = dataset.SOPClassUID;
  const sopInstanceUid = dataset.SOPInstanceUID;
  if (typeof sopClassUid !== 'string' || typeof sopInstanceUid !== 'string') throw new Error('a DICOM data set needs SOPClassUID and SOPInstanceUID');
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: transferSyntaxUid,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION,
    _vrMap: { FileMetaInformationVersion: 'OB' },
  });
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return Buffer.from(dict.write());
}

/** Owner-only (0600): a result object carries the patient's name, ID and birth date. */
export async function writeDicomFile(file: string, dataset: NaturalizedDataset, transferSyntaxUid = EXPLICIT_VR_LITTLE_ENDIAN): Promise<void> {
  await writeFileAtomic(file, dicomPart10(dataset, transferSyntaxUid), 0o600);
}

/** DICOM DA and TM of a moment (local time, as DICOM dates and times are). */
export function dicomDateTime(at: Date): { date: string; time: string } {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    date: `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}`,
    time: `${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}.${p(at.getMilliseconds(), 3)}`,
  };
}
