// Parses DICOM bytes with dicom-parser: Part-10 files, and files without the 128-byte preamble and
// meta header (ACR-NEMA style), whose encoding is sniffed from the first element.
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { AlveoError } from '../../../api/errors';
import { cutBeforePixels, describeTruncation } from './describe-truncation';
import { vrOf } from './tag-dictionary';
import { boundedInflater } from './bounded-inflater';
import { checkHeaderElements, checkInflatedElements } from './header-element-limit';
import { checkFragmentItems } from './fragment-items';
import { syntaxMismatch } from './syntax-mismatch';
import { clipText } from '../../text/clip-text';

export interface ParsedDicom {
  dataSet: DataSet;
  transferSyntaxUid: string;
  hasPart10Header: boolean;
}

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const VRS = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

export function hasDicmPrefix(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/** 'DICM' then a group-0002 element at the very start: a Part-10 file missing its preamble. */
export function hasBareDicm(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x44 && bytes[1] === 0x49 && bytes[2] === 0x43 && bytes[3] === 0x4d && bytes[4] === 0x02 && bytes[5] === 0x00;
}

/**
 * A file without a Part-10 header starts straight with a little-endian data element of a low group
 * (0000 command, 0002 meta, 0008 identification ...). Returns how it is encoded, or null when the
 * bytes do not look like DICOM at all.
 */
export function sniffRawDicom(bytes: Uint8Array, fileSize = bytes.length): 'implicit' | 'explicit' | 'meta' | null {
  if (bytes.length < 12) return null;
  const group = bytes[0] | (bytes[1] << 8);
  const element = bytes[2] | (bytes[3] << 8);
  if (group % 2 !== 0 || group > 0x0028) return null;
  if (group !== 0x0000 && group !== 0x0002 && group !== 0x0008) return null;
  const vr = String.fromCharCode(bytes[4], bytes[5]);
  const explicit = VRS.has(vr);
  if (group === 0x0002) return explicit ? 'meta' : null;
  if (explicit) return 'explicit';
  const length = (bytes[4] | (bytes[5] << 8) | (bytes[6] << 16)) + bytes[7] * 0x1000000;
  // Group lengths are 4 bytes; any other first element must fit in the file.
  // `fileSize`: the whole file's, when these bytes are only its head.
  if (element === 0x0000 ? length !== 4 : length > fileSize) return null;
  return 'implicit';
}

function describe(err: unknown): string {
  if (typeof err === 'string') return err.replace(/^dicomParser[.:]\w*:\s*/, '');
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'exception' in err) return describe((err as { exception: unknown }).exception);
  return String(err);
}

/** A UID has at most 64 characters: a longer one matches no known syntax anyway, and is clipped so
 * that the errors quoting it ("unknown transfer syntax ...") stay readable (review 18 L2). */
const MAX_UID = 64;

export function parseDicomBytes(file: string, bytes: Buffer): ParsedDicom {
  let input = bytes;
  let hasPart10Header = hasDicmPrefix(bytes);
  let assumed: string | undefined;
  if (!hasPart10Header && hasBareDicm(bytes)) {
    // 'DICM' and the meta header, but the 128-byte preamble was cut off: put one back.
    input = Buffer.concat([Buffer.alloc(128), bytes]);
    hasPart10Header = true;
  } else if (!hasPart10Header) {
    const raw = sniffRawDicom(bytes);
    if (!raw) throw new AlveoError('NOT_AN_IMAGE', 'not a DICOM, JPEG or PNG image', file);
    if (raw === 'meta') {
      // Meta header without the preamble: give it one so the Part-10 reader takes it.
      input = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), bytes]);
      hasPart10Header = true;
    } else {
      assumed = raw === 'implicit' ? IMPLICIT_LE : EXPLICIT_LE;
    }
  }
  // Counted before the parser builds an object per element (review 18 H2).
  const deflatedFrom = checkHeaderElements(file, input, assumed);
  const inflate = boundedInflater(file);
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(input, {
      ...(assumed ? { TransferSyntaxUID: assumed } : {}),
      // Implicit VR files carry no VRs: the dictionary tells sequences apart from plain values.
      vrCallback: (tag: string) => vrOf(tag) as unknown as void,
      // A deflated data set is inflated within a budget (a small file can hold gigabytes of zeros),
      // then its elements are counted like any other's.
      inflater: ((b: Uint8Array, p: number) => {
        const full = inflate(b, p);
        if (deflatedFrom) checkInflatedElements(file, full, p, deflatedFrom);
        return full;
      }) as unknown as (b: Uint8Array, p: number) => void,
    });
  } catch (err) {
    // The inflater's own refusal (a deflate bomb) says what it is: dicom-parser may wrap it.
    const inner = err && typeof err === 'object' && 'exception' in err ? (err as { exception: unknown }).exception : err;
    if (inner instanceof AlveoError) throw inner;
    const partial = err && typeof err === 'object' && 'dataSet' in err ? (err as { dataSet?: DataSet }).dataSet : undefined;
    // A damaged fragment length can make the parser read on, past the pixel data, into the end.
    if (partial) checkFragmentItems(file, partial);
    const mismatch = hasPart10Header ? syntaxMismatch(input) : null;
    if (mismatch) throw new AlveoError('CORRUPT', mismatch, file);
    const cut = describeTruncation({ bytes: input, shift: input.length - bytes.length, hasPart10Header }, describe(err), partial);
    throw new AlveoError('CORRUPT', cut ?? `the DICOM data is damaged or truncated (${describe(err)})`, file);
  }
  // Before the cut check: a damaged fragment length makes the parser read on past the pixel data.
  checkFragmentItems(file, dataSet);
  const cut = cutBeforePixels({ bytes: input, shift: input.length - bytes.length, hasPart10Header }, dataSet);
  if (cut) throw new AlveoError('CORRUPT', (hasPart10Header ? syntaxMismatch(input) : null) ?? cut, file);
  const transferSyntaxUid = clipText((dataSet.string('x00020010') ?? assumed ?? '').replace(/\0/g, '').trim(), MAX_UID);
  if (!transferSyntaxUid) throw new AlveoError('CORRUPT', 'the DICOM header names no transfer syntax', file);
  return { dataSet, transferSyntaxUid, hasPart10Header };
}
