// A data set kept as its bytes (DIMSE carries data sets without a Part-10 header): a File Meta
// Information header built for it, written by dcmjs, in front of the bytes as they are; and the
// reverse, a Part-10 file split into its transfer syntax and its data set bytes. Neither step
// re-encodes the data set, so private elements and odd values survive under their SOP Instance UID.
import dcmjs from 'dcmjs';
import dicomParser from 'dicom-parser';
import { quietDcmjs } from './dcmjs-quiet';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION } from './dicom-file';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;
quietDcmjs(dcmjs as unknown as Parameters<typeof quietDcmjs>[0]);

export interface FileMeta {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  /** The AE the data set came from (a received instance: the PACS that sent it), as storescp writes it. */
  sourceAeTitle?: string;
}

/** Preamble, "DICM" and the group-0002 elements (with their group length) for a data set. */
export function fileMetaHeader(m: FileMeta): Buffer {
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: m.sopClassUid,
    MediaStorageSOPInstanceUID: m.sopInstanceUid,
    TransferSyntaxUID: m.transferSyntaxUid,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION,
    ...(m.sourceAeTitle ? { SourceApplicationEntityTitle: m.sourceAeTitle } : {}),
    _vrMap: { FileMetaInformationVersion: 'OB' },
  });
  // An empty data set: dcmjs writes the header alone (nothing is deflated, even for Deflated).
  return Buffer.from(new DicomDict(meta).write());
}

/** A Part-10 file of `dataSet` (bytes in `meta.transferSyntaxUid`), the bytes untouched. */
export function part10File(meta: FileMeta, dataSet: Buffer): Buffer {
  return Buffer.concat([fileMetaHeader(meta), dataSet]);
}

/** A Part-10 file's transfer syntax and the bytes of its data set (everything after group 0002). */
export function splitPart10(bytes: Buffer): { transferSyntaxUid: string; dataSet: Buffer } {
  const header = dicomParser.readPart10Header(bytes);
  let end = 132;
  for (const el of Object.values(header.elements)) end = Math.max(end, el.dataOffset + el.length);
  const transferSyntaxUid = (header.string('x00020010') ?? '').replace(/\0/g, '').trim();
  if (!transferSyntaxUid) throw new Error('the file meta header names no transfer syntax');
  return { transferSyntaxUid, dataSet: bytes.subarray(end) };
}
