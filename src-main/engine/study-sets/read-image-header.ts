// Reads an image's header without decoding its pixels: DICOM is parsed up to the pixel data
// (dicom-parser's untilTag), from the first 64 KiB when the header fits there, the whole file
// otherwise (within the size limit every other reader keeps). JPEG and PNG are told apart by their
// first bytes.
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { AlveoError } from '../../api/errors';
import { readAttributes } from '../studies/dicom/dicom-attributes';
import { parseDicomBytes, sniffRawDicom } from '../studies/dicom/read-dicom';
import { nonImageKind } from '../studies/dicom/sop-class';
import { vrOf } from '../studies/dicom/tag-dictionary';
import { boundedInflater } from '../studies/dicom/bounded-inflater';
import { openRegularFile } from '../studies/regular-file';
import { readStudyBytes } from '../studies/load-study';
import { sniffFormat } from '../studies/sniff-format';
import { DICOMDIR_SOP_CLASS, type ImageHeader } from './image-header';
import { errnoInWords } from '../files/errno-in-words';

const HEAD_BYTES = 64 * 1024;
const PIXEL_DATA = 'x7fe00010';
const PIXEL_TAGS = [PIXEL_DATA, 'x7fe00008', 'x7fe00009'];

/** A header-only read: the DICOMDIR case is told apart so callers can expand it. */
export type HeaderRead = { kind: 'image'; header: ImageHeader } | { kind: 'dicomdir'; file: string };

async function readHead(file: string): Promise<{ bytes: Buffer; whole: boolean }> {
  let handle;
  try {
    handle = await openRegularFile(file); // a named pipe would block open() for good
    const size = (await handle.stat()).size;
    if (size === 0) throw new AlveoError('NOT_AN_IMAGE', 'the file is empty', file); // as openStudy says it
    const bytes = Buffer.alloc(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, 0);
    return { bytes: bytes.subarray(0, bytesRead), whole: bytesRead >= size };
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AlveoError('NOT_FOUND', 'the file does not exist', file);
    if (code === 'EISDIR') throw new AlveoError('BAD_ARGUMENT', 'is a folder, not a file', file);
    throw new AlveoError('NOT_FOUND', `cannot read the file (${errnoInWords(err)})`, file);
  } finally {
    await handle?.close();
  }
}

/** Parses up to the pixel data; null when the header does not fit in these bytes. */
function parseUntilPixels(bytes: Buffer): DataSet | null {
  const part10 = bytes.length >= 132 && bytes.toString('latin1', 128, 132) === 'DICM';
  const raw = part10 ? null : sniffRawDicom(bytes);
  if (!part10 && raw !== 'implicit' && raw !== 'explicit') return null; // odd layouts: the full reader copes
  try {
    const ds = dicomParser.parseDicom(bytes, {
      untilTag: PIXEL_DATA,
      ...(raw ? { TransferSyntaxUID: raw === 'implicit' ? '1.2.840.10008.1.2' : '1.2.840.10008.1.2.1' } : {}),
      vrCallback: (tag: string) => vrOf(tag) as unknown as void,
      // A deflated data set is inflated within a budget (a small file can hold gigabytes of zeros).
      inflater: boundedInflater() as unknown as (b: Uint8Array, p: number) => void,
    });
    return PIXEL_TAGS.some((t) => ds.elements[t]) ? ds : null;
  } catch {
    return null; // ran past the bytes read: read the whole file
  }
}

function isDicomdir(ds: DataSet): boolean {
  const sop = (ds.string('x00020002') ?? ds.string('x00080016') ?? '').replace(/\0/g, '').trim();
  return sop === DICOMDIR_SOP_CLASS || Boolean(ds.elements.x00041220);
}

export async function readImageHeader(file: string): Promise<HeaderRead> {
  const head = await readHead(file);
  const format = sniffFormat(head.bytes);
  if (format === 'jpeg' || format === 'png') return { kind: 'image', header: { file, format, attributes: {} } };
  if (format !== 'dicom') {
    throw new AlveoError('NOT_AN_IMAGE', format ? `this is ${format.other}, not a DICOM, JPEG or PNG image` : 'not a DICOM, JPEG or PNG image', file);
  }
  let ds = head.whole ? null : parseUntilPixels(head.bytes);
  // The whole file through readStudyBytes: its 1 GiB limit and words, not Node's 2 GiB error (review 18 M1).
  if (!ds) ds = parseDicomBytes(file, head.whole ? head.bytes : await readStudyBytes(file)).dataSet;
  if (isDicomdir(ds)) return { kind: 'dicomdir', file };
  if (!PIXEL_TAGS.some((t) => ds.elements[t])) {
    const kind = nonImageKind((ds.string('x00080016') ?? ds.string('x00020002'))?.replace(/\0/g, ''));
    throw new AlveoError('NO_PIXELS', kind ? `this is ${kind}, not an image` : 'the DICOM file holds no image pixels', file);
  }
  return { kind: 'image', header: { file, format: 'dicom', attributes: readAttributes(ds) } };
}
