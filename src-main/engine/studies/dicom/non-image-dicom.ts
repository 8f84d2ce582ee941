// Harmless DICOM non-images told apart from the first bytes of a file, before any pixels are read:
// Alveo's own results (SR, Grad-CAM capture) and objects whose SOP class holds no image (SR, key
// objects, presentation states, encapsulated PDF...). A batch lists them as skipped, not as errors.
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { alveoResultKind, alveoResultReason } from '../alveo-result';
import { readAttributes } from './dicom-attributes';
import { hasBareDicm, hasDicmPrefix, sniffRawDicom } from './read-dicom';
import { nonImageKind } from './sop-class';
import { vrOf } from './tag-dictionary';
import { boundedInflater } from './bounded-inflater';

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** The data set as far as these bytes go (a head of the file), or null when it cannot be begun. */
function parseHead(bytes: Uint8Array): DataSet | null {
  let input = bytes;
  let assumed: string | undefined;
  if (!hasDicmPrefix(bytes)) {
    const raw = hasBareDicm(bytes) ? 'bare' : sniffRawDicom(bytes);
    if (!raw) return null;
    // Give a missing preamble (and 'DICM') back so the Part-10 reader takes the meta header.
    if (raw === 'bare') input = Buffer.concat([Buffer.alloc(128), bytes]);
    else if (raw === 'meta') input = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), bytes]);
    else assumed = raw === 'implicit' ? IMPLICIT_LE : EXPLICIT_LE;
  }
  try {
    return dicomParser.parseDicom(input, {
      untilTag: 'x7fe00010',
      ...(assumed ? { TransferSyntaxUID: assumed } : {}),
      vrCallback: (tag: string) => vrOf(tag) as unknown as void,
      // A deflated data set is inflated within a budget (a small file can hold gigabytes of zeros).
      inflater: boundedInflater() as unknown as (b: Uint8Array, p: number) => void,
    });
  } catch (err) {
    // The head ends inside the data set: the elements read before that point are what we need.
    return err && typeof err === 'object' && 'dataSet' in err ? ((err as { dataSet?: DataSet }).dataSet ?? null) : null;
  }
}

/** Why a DICOM file is not an image to read, from its head; null when it is (or may be) one. */
export function nonImageDicomReason(head: Uint8Array): string | null {
  const ds = parseHead(head);
  if (!ds) return null;
  let attributes: Record<string, string>;
  try {
    attributes = readAttributes(ds);
  } catch {
    return null; // unreadable values: opening the file will say what is wrong
  }
  const alveo = alveoResultKind(attributes);
  // ContentDate (else InstanceCreationDate): when the earlier result was made.
  if (alveo) return alveoResultReason(alveo, ds.string('x00080023') ?? ds.string('x00080012'));
  const kind = nonImageKind(attributes.SOPClassUID);
  return kind ? `${kind}, not an image` : null;
}
