// Opens any study file Alveo understands: DICOM (Part 10 or headerless), JPEG, PNG.
import { stat, type FileHandle } from 'node:fs/promises';
import { AlveoError } from '../../api/errors';
import type { Study } from './study';
import { sniffFormat } from './sniff-format';
import { loadDicomStudy } from './dicom/load-dicom-study';
import { loadRasterStudy } from './raster/load-raster-study';
import { errnoInWords } from '../files/errno-in-words';
import { sniffRawDicom } from './dicom/read-dicom';
import { notRegularReason, openRegularFile, specialFileKind } from './regular-file';

/** Files beyond this are not read into memory (the largest radiographs are tens of MB). */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

/** Enough to tell a DICOM, JPEG or PNG from anything else (the DICM prefix is at byte 128). */
const HEAD_BYTES = 4096;

/** Refuses from the first bytes what studyFromBytes would refuse, with the same words. */
function refuseUnlessImage(file: string, head: Buffer, size: number): void {
  // A headerless DICOM's first element need only fit in the file, not in its head.
  const format = sniffFormat(head) ?? (sniffRawDicom(head, size) ? 'dicom' : null);
  if (format === 'dicom' || format === 'jpeg' || format === 'png') return;
  if (format) throw new AlveoError('UNSUPPORTED', `this is ${format.other}; Alveo opens DICOM, JPEG and PNG files`, file);
  throw new AlveoError('NOT_AN_IMAGE', 'not a DICOM, JPEG or PNG image', file);
}

/**
 * The whole file, once its head shows an image: a batch meets big files named .dcm that are not
 * (a renamed video or disk image), and read whole, several at once, they took gigabytes (review 18 H4).
 */
export async function readStudyBytes(file: string): Promise<Buffer> {
  let size: number;
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw new AlveoError('NOT_AN_IMAGE', 'is a folder, not an image file', file);
    // A pipe or device has size 0 (or none): said for what it is, not "the file is empty".
    const kind = specialFileKind(s);
    if (kind) throw new AlveoError('NOT_AN_IMAGE', notRegularReason(kind), file);
    size = s.size;
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AlveoError('NOT_FOUND', 'no such file', file);
    throw new AlveoError('NOT_FOUND', `cannot read the file (${errnoInWords(err)})`, file);
  }
  if (size === 0) throw new AlveoError('NOT_AN_IMAGE', 'the file is empty', file);
  if (size > MAX_FILE_BYTES) throw new AlveoError('TOO_LARGE', `the file is too large to open (${Math.round(size / 2 ** 20)} MB)`, file);
  let handle: FileHandle | undefined;
  try {
    handle = await openRegularFile(file);
    const head = await readAt(handle, Buffer.alloc(Math.min(size, HEAD_BYTES)), 0);
    refuseUnlessImage(file, head, size);
    if (head.length === size) return head;
    const bytes = Buffer.allocUnsafe(size);
    head.copy(bytes);
    // Read to the size stat gave: a file that shrank meanwhile is returned as it now is.
    return await readAt(handle, bytes, head.length);
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new AlveoError('NOT_FOUND', 'no such file', file);
    throw new AlveoError('NOT_FOUND', `cannot read the file (${errnoInWords(err)})`, file);
  } finally {
    await handle?.close();
  }
}

/** Fills `into` from byte `from` of the file; the part read when the file ends first. */
async function readAt(handle: FileHandle, into: Buffer, from: number): Promise<Buffer> {
  let at = from;
  while (at < into.length) {
    const { bytesRead } = await handle.read(into, at, into.length - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return into.subarray(0, at);
}

export interface DecodeOptions {
  /**
   * Batch scoring only: a JPEG much larger than the model input may be decoded at a reduced size
   * (libjpeg's shrink-on-load), never below twice this side. DICOM and PNG always decode exactly.
   */
  shrinkJpegFor?: number;
  /** DICOM: the 0-based frame of a multi-frame file to decode (default the first). */
  frame?: number;
}

export async function loadStudy(file: string, opts: DecodeOptions = {}): Promise<Study> {
  return studyFromBytes(file, await readStudyBytes(file), opts);
}

/** Decodes a file already read (e.g. hashed for the result cache first, so it is read once). */
export async function studyFromBytes(file: string, bytes: Buffer, opts: DecodeOptions = {}): Promise<Study> {
  const format = sniffFormat(bytes);
  if (format === 'dicom') return loadDicomStudy(file, bytes, opts.frame ?? 0);
  if ((opts.frame ?? 0) !== 0) throw new AlveoError('BAD_ARGUMENT', `frame ${(opts.frame ?? 0) + 1} asked for, but this file holds one image`, file);
  if (format === 'jpeg' || format === 'png') return loadRasterStudy(file, bytes, format, format === 'jpeg' ? opts.shrinkJpegFor : undefined);
  if (format) throw new AlveoError('UNSUPPORTED', `this is ${format.other}; Alveo opens DICOM, JPEG and PNG files`, file);
  throw new AlveoError('NOT_AN_IMAGE', 'not a DICOM, JPEG or PNG image', file);
}
