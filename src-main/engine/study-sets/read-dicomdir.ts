// A DICOMDIR (the index of a DICOM CD or USB stick): its directory records PATIENT > STUDY >
// SERIES > IMAGE, followed through their offsets, give each image's file (ReferencedFileID,
// relative to the DICOMDIR's folder) and the study and series it belongs to.
import { readdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { DataSet } from 'dicom-parser';
import { AlveoError, type AlveoErrorCode } from '../../api/errors';
import { elementText } from '../studies/dicom/dicom-text';
import { parseDicomBytes } from '../studies/dicom/read-dicom';
import { vrOf } from '../studies/dicom/tag-dictionary';
import { readStudyBytes } from '../studies/load-study';
import { clipText } from '../text/clip-text';

export interface DicomdirImage {
  /** Absolute path of the referenced file (case-corrected when the media's names differ). */
  file: string;
  /** Identifiers and descriptions from the PATIENT/STUDY/SERIES/IMAGE records, by DICOM keyword. */
  attributes: Record<string, string>;
}

export interface DicomdirContents {
  images: DicomdirImage[];
  /** Referenced files that are missing on disk. */
  missing: string[];
  /** Records refused (a File ID leading out of the DICOMDIR's folder), each naming the DICOMDIR. */
  errors: DicomdirError[];
}

export interface DicomdirError {
  /** The DICOMDIR itself: the record's target is never named as if it belonged to the media. */
  file: string;
  error: string;
  code: AlveoErrorCode;
}

interface DirRecord {
  ds: DataSet;
  offset: number;
}

const KEYWORDS_BY_LEVEL: Record<string, Record<string, string>> = {
  PATIENT: { x00100010: 'PatientName', x00100020: 'PatientID', x00100030: 'PatientBirthDate', x00100040: 'PatientSex' },
  STUDY: { x0020000d: 'StudyInstanceUID', x00080020: 'StudyDate', x00080030: 'StudyTime', x00081030: 'StudyDescription', x00080050: 'AccessionNumber' },
  SERIES: { x0020000e: 'SeriesInstanceUID', x00080060: 'Modality', x00200011: 'SeriesNumber', x0008103e: 'SeriesDescription' },
  IMAGE: { x00200013: 'InstanceNumber', x00041511: 'SOPInstanceUID' },
};

function text(ds: DataSet, tag: string, root: DataSet): string {
  const el = ds.elements[tag];
  return el ? elementText(ds, el, el.vr ?? vrOf(tag) ?? '', root) : '';
}

/** A record in hierarchy order, with the identifiers its higher-level records (PATIENT, STUDY...) give it. */
interface Placed {
  record: DirRecord;
  inherited: Record<string, string>;
}

/** The record's own identifiers (by keyword) for its level; none for other record types. */
function levelAttributes(ds: DataSet, root: DataSet): Record<string, string> {
  const level = KEYWORDS_BY_LEVEL[text(ds, 'x00041430', root).toUpperCase()] ?? {};
  const out: Record<string, string> = {};
  for (const [tag, keyword] of Object.entries(level)) {
    const value = text(ds, tag, root);
    if (value) out[keyword] = value;
  }
  return out;
}

/** `inherited` plus the record's own identifiers (the lower level wins), shared when it adds none. */
function withOwn(inherited: Record<string, string>, ds: DataSet, root: DataSet): Record<string, string> {
  const own = levelAttributes(ds, root);
  return Object.keys(own).length ? { ...inherited, ...own } : inherited;
}

/**
 * Records in hierarchy order: from the root offset, each entity's records and their lower levels.
 * Followed with a stack of its own, not by recursion: a hostile index can chain records tens of
 * thousands of levels deep, and each offset is visited once, so a loop ends too.
 */
function walk(root: DataSet, records: DirRecord[]): Placed[] {
  const byOffset = new Map(records.map((r) => [r.offset, r]));
  const out: Placed[] = [];
  const seen = new Set<number>();
  const todo: { offset: number | undefined; inherited: Record<string, string> }[] = [{ offset: root.uint32('x00041200'), inherited: {} }];
  for (let next = todo.pop(); next; next = todo.pop()) {
    const { offset, inherited } = next;
    if (!offset) continue;
    const record = byOffset.get(offset);
    if (!record || seen.has(offset)) continue; // a broken or looping link: stop this chain
    seen.add(offset);
    out.push({ record, inherited });
    // The next record of this level waits until the lower level (pushed last, so taken first) is done.
    todo.push({ offset: record.ds.uint32('x00041400'), inherited });
    todo.push({ offset: record.ds.uint32('x00041420'), inherited: withOwn(inherited, record.ds, root) });
  }
  // Writers that leave the offsets at zero list records depth-first: fall back to that order.
  if (out.length < records.length) {
    out.length = 0;
    const level: Record<string, number> = { PATIENT: 0, STUDY: 1, SERIES: 2 };
    const stack: Record<string, string>[] = []; // identifiers down to each level
    for (const record of records) {
      const depth = level[text(record.ds, 'x00041430', root).toUpperCase()] ?? 3;
      stack.length = Math.min(stack.length, depth);
      const inherited = stack[stack.length - 1] ?? {};
      out.push({ record, inherited });
      if (depth < 3) {
        while (stack.length < depth) stack.push(inherited); // a level left out by the writer
        stack[depth] = withOwn(inherited, record.ds, root);
      }
    }
  }
  return out;
}

/** The file as named, or with each path component matched case-insensitively (CD media). */
async function resolveFileId(base: string, parts: string[]): Promise<string | null> {
  const direct = join(base, ...parts);
  if (await stat(direct).then((s) => s.isFile(), () => false)) return direct;
  let dir = base;
  for (const part of parts) {
    const names = await readdir(dir).catch(() => [] as string[]);
    const hit = names.find((n) => n.toLowerCase() === part.toLowerCase());
    if (!hit) return null;
    dir = join(dir, hit);
  }
  return (await stat(dir).then((s) => s.isFile(), () => false)) ? dir : null;
}

/** Characters of a File ID quoted in an error: a hostile index can hold a very long one. */
const MAX_QUOTED = 256;

/**
 * The File ID's path components, or null when they could lead out of the DICOMDIR's folder. PS3.10
 * File IDs are relative, with plain names as components: "..", "." and empty ones are refused, and
 * the joined path must stay under `base` (a component may still hold "/" on POSIX).
 */
function fileIdParts(base: string, fileId: string): string[] | null {
  const parts = fileId.split('\\').map((p) => p.trim());
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return null;
  const rel = relative(base, join(base, ...parts));
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return parts;
}

export async function readDicomdir(file: string): Promise<DicomdirContents> {
  const { dataSet: root } = parseDicomBytes(file, await readStudyBytes(file));
  const seq = root.elements.x00041220;
  if (!seq?.items) throw new AlveoError('CORRUPT', 'this DICOMDIR has no directory records', file);
  // A record's offset is where its item starts: 8 bytes (item tag + length) before its data.
  const records = seq.items.filter((i) => i.dataSet).map((i) => ({ ds: i.dataSet as DataSet, offset: i.dataOffset - 8 }));
  const base = dirname(file);
  const images: DicomdirImage[] = [];
  const missing: string[] = [];
  const errors: DicomdirError[] = [];
  for (const { record, inherited } of walk(root, records)) {
    const type = text(record.ds, 'x00041430', root).toUpperCase();
    if (type !== 'IMAGE') continue;
    if (record.ds.uint16('x00041410') === 0) continue; // record marked inactive (deleted)
    const fileId = text(record.ds, 'x00041500', root);
    if (!fileId) continue;
    const parts = fileIdParts(base, fileId);
    if (!parts) {
      // Never opened: a CD or stick must not pull another patient's file into the study.
      errors.push({ file, error: `the DICOMDIR points outside its folder (${clipText(fileId, MAX_QUOTED)})`, code: 'CORRUPT' });
      continue;
    }
    const attributes = withOwn(inherited, record.ds, root);
    const resolved = await resolveFileId(base, parts);
    if (resolved) images.push({ file: resolved, attributes: { ...attributes } });
    else missing.push(join(base, ...parts));
  }
  return { images, missing, errors };
}
