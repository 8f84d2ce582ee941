// A DICOMDIR (the index of a DICOM CD or USB stick): its directory records PATIENT > STUDY >
// SERIES > IMAGE, followed through their offsets, give each image's file (ReferencedFileID,
// relative to the DICOMDIR's folder) and the study and series it belongs to.
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DataSet } from 'dicom-parser';
import { AlveoError } from '../../api/errors';
import { elementText } from '../studies/dicom/dicom-text';
import { parseDicomBytes } from '../studies/dicom/read-dicom';
import { vrOf } from '../studies/dicom/tag-dictionary';

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

/** Records in hierarchy order: from the root offset, each entity's records and their lower levels. */
function walk(root: DataSet, records: DirRecord[]): { record: DirRecord; path: DirRecord[] }[] {
  const byOffset = new Map(records.map((r) => [r.offset, r]));
  const first = root.uint32('x00041200');
  const out: { record: DirRecord; path: DirRecord[] }[] = [];
  const seen = new Set<number>();
  const visit = (offset: number | undefined, path: DirRecord[]) => {
    while (offset) {
      const record = byOffset.get(offset);
      if (!record || seen.has(offset)) return; // a broken or looping link: stop this chain
      seen.add(offset);
      out.push({ record, path });
      visit(record.ds.uint32('x00041420'), [...path, record]);
      offset = record.ds.uint32('x00041400');
    }
  };
  visit(first, []);
  // Writers that leave the offsets at zero list records depth-first: fall back to that order.
  if (out.length < records.length) {
    out.length = 0;
    const level: Record<string, number> = { PATIENT: 0, STUDY: 1, SERIES: 2 };
    const stack: DirRecord[] = [];
    for (const record of records) {
      const depth = level[text(record.ds, 'x00041430', root).toUpperCase()] ?? 3;
      stack.length = Math.min(stack.length, depth);
      out.push({ record, path: [...stack] });
      if (depth < 3) stack[depth] = record;
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

export async function readDicomdir(file: string): Promise<DicomdirContents> {
  const { dataSet: root } = parseDicomBytes(file, await readFile(file));
  const seq = root.elements.x00041220;
  if (!seq?.items) throw new AlveoError('CORRUPT', 'this DICOMDIR has no directory records', file);
  // A record's offset is where its item starts: 8 bytes (item tag + length) before its data.
  const records = seq.items.filter((i) => i.dataSet).map((i) => ({ ds: i.dataSet as DataSet, offset: i.dataOffset - 8 }));
  const base = dirname(file);
  const images: DicomdirImage[] = [];
  const missing: string[] = [];
  for (const { record, path } of walk(root, records)) {
    const type = text(record.ds, 'x00041430', root).toUpperCase();
    if (type !== 'IMAGE') continue;
    if (record.ds.uint16('x00041410') === 0) continue; // record marked inactive (deleted)
    const fileId = text(record.ds, 'x00041500', root);
    if (!fileId) continue;
    const attributes: Record<string, string> = {};
    for (const r of [...path, record]) {
      const level = KEYWORDS_BY_LEVEL[text(r.ds, 'x00041430', root).toUpperCase()] ?? {};
      for (const [tag, keyword] of Object.entries(level)) {
        const value = text(r.ds, tag, root);
        if (value) attributes[keyword] = value;
      }
    }
    const parts = fileId.split('\\').map((p) => p.trim()).filter(Boolean);
    const resolved = await resolveFileId(base, parts);
    if (resolved) images.push({ file: resolved, attributes });
    else missing.push(join(base, ...parts));
  }
  return { images, missing };
}
