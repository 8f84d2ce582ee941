// Opens any study file Alveo understands: DICOM (Part 10 or headerless), JPEG, PNG.
import { readFile, stat } from 'node:fs/promises';
import { AlveoError } from '../../api/errors';
import type { Study } from './study';
import { sniffFormat } from './sniff-format';
import { loadDicomStudy } from './dicom/load-dicom-study';
import { loadRasterStudy } from './raster/load-raster-study';
import { errnoInWords } from '../errno-in-words';

/** Files beyond this are not read into memory (the largest radiographs are tens of MB). */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

export async function readStudyBytes(file: string): Promise<Buffer> {
  let size: number;
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw new AlveoError('NOT_AN_IMAGE', 'is a folder, not an image file', file);
    size = s.size;
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AlveoError('NOT_FOUND', 'no such file', file);
    throw new AlveoError('NOT_FOUND', `cannot read the file (${errnoInWords(err)})`, file);
  }
  if (size === 0) throw new AlveoError('NOT_AN_IMAGE', 'the file is empty', file);
  if (size > MAX_FILE_BYTES) throw new AlveoError('TOO_LARGE', `the file is too large to open (${Math.round(size / 2 ** 20)} MB)`, file);
  try {
    return await readFile(file);
  } catch (err) {
    throw new AlveoError('NOT_FOUND', `cannot read the file (${errnoInWords(err)})`, file);
  }
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
