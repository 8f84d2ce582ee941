// The check every file passes before Alveo sends it to a PACS (C-STORE or STOW-RS, CLI or app):
// the same parse Alveo applies when it opens a file, so a DICOM cut short on a USB stick or by an
// interrupted copy is refused with the reason instead of being stored, and then served to every
// viewer, with part of its pixel data missing.
import { AlveoError } from '../../api/errors';
import { endWithoutPixels } from '../studies/dicom/describe-truncation';
import { parseDicomBytes, type ParsedDicom } from '../studies/dicom/read-dicom';
import { readRegularFile } from '../files/regular-file';

const DEFLATED_LE = '1.2.840.10008.1.2.1.99';

/** Image storage SOP classes (the class or a member of it): an instance of one holds pixel data. */
const IMAGE_CLASSES = [
  '1.2.840.10008.5.1.4.1.1.1', // CR; .1.1.x: DX, MG, intra-oral
  '1.2.840.10008.5.1.4.1.1.2', // CT (and enhanced CT: .2.1)
  '1.2.840.10008.5.1.4.1.1.4', // MR
  '1.2.840.10008.5.1.4.1.1.6', // US
  '1.2.840.10008.5.1.4.1.1.7', // secondary capture
  '1.2.840.10008.5.1.4.1.1.12', // XA, RF
  '1.2.840.10008.5.1.4.1.1.20', // NM
  '1.2.840.10008.5.1.4.1.1.128', // PET
];

function isImageClass(uid: string): boolean {
  return IMAGE_CLASSES.some((c) => uid === c || uid.startsWith(`${c}.`));
}

export interface SendableDicom {
  bytes: Buffer;
  parsed: ParsedDicom;
}

/**
 * Reads and checks `file`; throws an Error whose message is the reason alone (the caller names
 * the file): cut short, damaged, not DICOM, or an image whose data set ends before its pixels.
 */
export async function readSendableDicom(file: string): Promise<SendableDicom> {
  const bytes = await readRegularFile(file).catch((err: unknown) => {
    // The reason alone, as for the other refusals here: the caller names the file.
    throw err instanceof AlveoError ? new Error(err.message.replace(`${file}: `, '')) : err;
  });
  let parsed: ParsedDicom;
  try {
    parsed = parseDicomBytes(file, bytes);
  } catch (err) {
    if (err instanceof AlveoError && err.file !== undefined) throw new Error(err.message.slice(err.file.length + 2));
    throw err;
  }
  const { dataSet, transferSyntaxUid } = parsed;
  const sopClass = (dataSet.string('x00080016') ?? dataSet.string('x00020002') ?? '').replace(/\0/g, '').trim();
  const hasPixels = Boolean(dataSet.elements.x7fe00010 || dataSet.elements.x7fe00008 || dataSet.elements.x7fe00009);
  if (!hasPixels && isImageClass(sopClass)) {
    // A file cut exactly between two elements parses cleanly: an image without pixels is the sign.
    const where = endWithoutPixels(dataSet, bytes.length, transferSyntaxUid === DEFLATED_LE);
    throw new Error(`an image (SOP class ${sopClass}) without pixel data${where ? `: ${where}` : ''}`);
  }
  return { bytes, parsed };
}
