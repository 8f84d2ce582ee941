// Imports a labelled folder: finds its layout, reads every file once (format from its bytes,
// sha256 for duplicates, DICOM PatientID), labels it, names its patient, and summarises the lot.
// Nothing is decoded here; images that fail to decode are reported when training or evaluating.
// The patient, first found: patients.csv in the root (file,patient), the RSNA CSV, a Kermany file
// name, the DICOM PatientID, the sub-folder (CLASS/PATIENT/image, two or more such folders), else
// unknown: one file counts as one patient, and a note says so.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import type { Label } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { ClassCounts, DatasetSummary, SkippedFile } from '../../api/training';
import { parseDicomBytes } from '../studies/dicom/read-dicom';
import { sniffFormat } from '../studies/sniff-format';
import { type DatasetItem, labelName, type PatientSource } from './dataset-item';
import { detectLayout, type LayoutFound } from './dataset-layout';
import { kermanyPatientId } from './patient-id';
import { findPatientsCsv, PATIENTS_CSV, readPatientsCsv, resolvePatients } from './patients-csv';
import { readRsnaLabels } from './rsna-labels';
import { walkFiles } from './walk-files';
import { errnoInWords } from '../files/errno-in-words';
import { readRegularFile } from '../files/regular-file';
import { USER_FOLDER_MARKER, USER_FOLDER_SKIP_REASON } from '../user-folder/user-folder-marker';

export interface Dataset {
  summary: DatasetSummary;
  /** Every usable image, duplicates included but marked `excluded`. */
  items: DatasetItem[];
}

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Files read at once. */
  concurrency?: number;
}

/** Skipped files listed in the summary (the counts by reason cover all of them). */
const MAX_LISTED_SKIPS = 200;
const MAX_DUPLICATE_EXAMPLES = 20;

interface Candidate {
  file: string;
  label: 0 | 1 | null; // null: from the RSNA CSV, by file name
  split: DatasetItem['officialSplit'];
  /** From patients.csv. */
  csvPatient?: string;
  /** CLASS/PATIENT/image: the sub-folder's name. */
  folderPatient?: string;
}

export async function importDataset(dir: string, opts: ImportOptions = {}): Promise<Dataset> {
  const found = await detectLayout(resolve(dir));
  const skipped: SkippedFile[] = [];
  const candidates: Candidate[] = [];
  const csvPath = await findPatientsCsv([...new Set([found.root, resolve(dir)])]);
  for (const g of found.ignored) {
    if (csvPath && g.path === csvPath) continue; // read below, not skipped
    if (!g.isFolder) skipped.push({ file: g.path, reason: g.reason });
    else if (existsSync(join(g.path, USER_FOLDER_MARKER))) skipped.push({ file: g.path, reason: USER_FOLDER_SKIP_REASON });
    else {
      const inside = await walkFiles(g.path, opts.signal);
      for (const f of inside.files) skipped.push({ file: f, reason: g.reason });
    }
  }
  let rsna: Map<string, 0 | 1> | null = null;
  if (found.layout === 'rsna') {
    rsna = await readRsnaLabels(found.labelsCsv!);
    const walked = await walkFiles(found.root, opts.signal);
    skipped.push(...walked.skipped);
    for (const f of walked.files) {
      if (extname(f).toLowerCase() === '.csv') continue;
      candidates.push({ file: f, label: null, split: null });
    }
  } else {
    for (const c of found.classFolders) {
      const walked = await walkFiles(c.folder, opts.signal);
      skipped.push(...walked.skipped);
      const folderOf = patientFolders(c.folder, walked.files);
      for (const f of walked.files) {
        const folderPatient = folderOf.get(f);
        candidates.push({ file: f, label: c.label === 'PNEUMONIA' ? 1 : 0, split: c.split, ...(folderPatient ? { folderPatient } : {}) });
      }
    }
  }
  const notes = [...found.notes];
  if (csvPath) {
    const csv = await readPatientsCsv(csvPath);
    const { byFile, unknown } = resolvePatients(csv, found.root, candidates.map((c) => c.file));
    for (const c of candidates) {
      const p = byFile.get(c.file);
      if (p !== undefined) c.csvPatient = p;
    }
    if (unknown.length > 0) {
      const shown = unknown.slice(0, 5).map((r) => `line ${r.line}: ${r.file}`);
      notes.push(
        `${PATIENTS_CSV}: ${count(unknown.length, 'row')} ${unknown.length === 1 ? 'names a file' : 'name files'} not in the folder, ignored (${shown.join('; ')}${unknown.length > 5 ? '; …' : ''})`,
      );
    }
  }

  const items: DatasetItem[] = [];
  const usedRsnaIds = new Set<string>();
  let done = 0;
  await forEachLimited(candidates, opts.concurrency ?? 8, async (c) => {
    opts.signal?.throwIfAborted();
    const r = await readCandidate(c, found, rsna);
    if ('reason' in r) skipped.push({ file: c.file, reason: r.reason });
    else {
      items.push(r);
      if (rsna) usedRsnaIds.add(`rsna:${basename(r.file, extname(r.file))}`);
    }
    opts.onProgress?.(++done, candidates.length);
  });
  items.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  if (rsna) {
    const missing = [...rsna.keys()].filter((id) => !usedRsnaIds.has(`rsna:${id}`)).length;
    if (missing > 0) notes.push(`${missing} patients in the labels CSV have no DICOM file in the folder`);
  }
  const duplicates = markDuplicates(items);
  const usable = items.filter((it) => !it.excluded);
  if (csvPath) {
    const notListed = usable.filter((it) => it.patientSource !== 'csv').length;
    if (notListed > 0) notes.push(`${count(notListed, 'image')} not in ${PATIENTS_CSV}: ${notListed === 1 ? 'its' : 'their'} patient from the file name, DICOM header or sub-folder where these say`);
  }
  const unknown = usable.filter((it) => it.patientSource === 'file').length;
  if (unknown > 0) {
    notes.push(
      `${count(unknown, 'image')} ${unknown === 1 ? 'has' : 'have'} ${NO_PATIENT_ID}: images of one patient may fall on both sides of a patient split, so validation figures may be optimistic; add ${PATIENTS_CSV} (file,patient) to the folder to name them`,
    );
  }
  return { summary: summarise(found, items, skipped, duplicates, notes), items };
}

/** The words of the note for images without a patient ID (site jobs find that note by them). */
export const NO_PATIENT_ID = 'no patient ID (one file counted as one patient)';

type ReadResult = DatasetItem | { reason: string };

async function readCandidate(c: Candidate, found: LayoutFound, rsna: Map<string, 0 | 1> | null): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(c.file);
  } catch (err) {
    // Swapped for a named pipe after the walk: its reason, as walk-files.ts words it.
    if (err instanceof AlveoError) return { reason: err.message.replace(`${c.file}: `, '') };
    return { reason: `cannot read the file (${errnoInWords(err)})` };
  }
  // Worded as opening or scoring the file words it (load-study.ts): one reason, whichever command met it.
  if (bytes.length === 0) return { reason: 'the file is empty' };
  const format = sniffFormat(bytes);
  if (format === null) return { reason: 'not an image (not DICOM, JPEG or PNG)' };
  if (typeof format === 'object') return { reason: `unsupported format (${format.other})` };
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  let label = c.label;
  let patientId: string | null = null;
  let patientSource: PatientSource = 'file';
  if (c.csvPatient !== undefined) {
    patientId = `csv:${c.csvPatient}`;
    patientSource = 'csv';
  }
  if (rsna) {
    if (format !== 'dicom') return { reason: 'not a DICOM file (the RSNA layout labels DICOMs by patientId)' };
    const id = basename(c.file, extname(c.file));
    const l = rsna.get(id);
    if (l === undefined) return { reason: 'no row in the labels CSV' };
    label = l;
    if (!patientId) {
      patientId = `rsna:${id}`;
      patientSource = 'rsna';
    }
  } else if (!patientId) {
    const k = kermanyPatientId(c.file);
    if (k) {
      patientId = `kermany:${k.toUpperCase()}`;
      patientSource = 'kermany-name';
    }
  }
  if (format === 'dicom' && !patientId) {
    try {
      const id = parseDicomBytes(c.file, bytes).dataSet.string('x00100020')?.trim();
      if (id) {
        patientId = `dicom:${id}`;
        patientSource = 'dicom';
      }
    } catch (err) {
      return { reason: err instanceof Error ? err.message.replace(`${c.file}: `, '') : String(err) };
    }
  }
  if (!patientId && c.folderPatient) {
    patientId = `folder:${c.folderPatient}`;
    patientSource = 'folder';
  }
  if (!patientId) patientId = `file:${relative(found.root, c.file)}`;
  return { file: c.file, label: label!, patientId, patientSource, officialSplit: c.split, format, sha256 };
}

/**
 * One sub-folder per patient inside a class folder (CLASS/PATIENT/image): used when the class folder
 * has two or more sub-folders with images and none deeper (a lone 'images/' folder or a deeper tree
 * is not taken for patients). The folder name alone names the patient, in every class and split.
 */
function patientFolders(classFolder: string, files: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const parts = files.map((f) => relative(classFolder, f).split(sep));
  if (parts.some((p) => p.length > 2)) return out;
  const subs = new Set(parts.filter((p) => p.length === 2).map((p) => p[0]));
  if (subs.size < 2) return out;
  files.forEach((f, i) => {
    if (parts[i].length === 2) out.set(f, parts[i][0]);
  });
  return out;
}

interface DuplicateInfo {
  groups: DatasetItem[][];
  removed: number;
  conflicting: number;
}

/** Marks all but one copy of each byte-identical group, and every copy of a group with two labels. */
function markDuplicates(items: DatasetItem[]): DuplicateInfo {
  const bySha = new Map<string, DatasetItem[]>();
  for (const it of items) {
    const g = bySha.get(it.sha256);
    if (g) g.push(it);
    else bySha.set(it.sha256, [it]);
  }
  const groups = [...bySha.values()].filter((g) => g.length > 1);
  let removed = 0;
  let conflicting = 0;
  for (const g of groups) {
    if (g.some((it) => it.label !== g[0].label)) {
      conflicting++;
      for (const it of g) it.excluded = 'conflicting-duplicate';
      removed += g.length;
    } else {
      // Keep a copy whose name or header identifies its patient, else the first in path order.
      const keep = g.find((it) => it.patientSource !== 'file') ?? g[0];
      for (const it of g) if (it !== keep) it.excluded = 'duplicate';
      removed += g.length - 1;
    }
  }
  return { groups, removed, conflicting };
}

export function countByClass(items: Iterable<{ label: 0 | 1 }>): ClassCounts {
  const c: ClassCounts = { NORMAL: 0, PNEUMONIA: 0 };
  for (const it of items) c[labelName(it.label)]++;
  return c;
}

/** Patients per class; a patient with any PNEUMONIA image counts as PNEUMONIA. */
export function patientsByClass(items: Iterable<DatasetItem>): ClassCounts {
  const byPatient = new Map<string, 0 | 1>();
  for (const it of items) byPatient.set(it.patientId, it.label === 1 || byPatient.get(it.patientId) === 1 ? 1 : 0);
  return countByClass([...byPatient.values()].map((label) => ({ label })));
}

/** '1 group', '2 groups': these notes end up in model cards. */
function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summarise(found: LayoutFound, items: DatasetItem[], skipped: SkippedFile[], dup: DuplicateInfo, notes: string[]): DatasetSummary {
  const usable = items.filter((it) => !it.excluded);
  const images = countByClass(usable);
  const total = images.NORMAL + images.PNEUMONIA;
  const byReason: Record<string, number> = {};
  for (const s of skipped) byReason[s.reason] = (byReason[s.reason] ?? 0) + 1;
  const patientSources: Record<string, number> = {};
  for (const it of usable) patientSources[it.patientSource] = (patientSources[it.patientSource] ?? 0) + 1;
  let officialSplits: DatasetSummary['officialSplits'];
  if (found.layout === 'kermany') {
    officialSplits = {};
    for (const s of ['train', 'val', 'test'] as const) {
      const part = usable.filter((it) => it.officialSplit === s);
      if (part.length) officialSplits[s] = countByClass(part);
    }
  }
  const majority: Label = images.PNEUMONIA >= images.NORMAL ? 'PNEUMONIA' : 'NORMAL';
  const minority = Math.min(images.NORMAL, images.PNEUMONIA);
  if (dup.groups.length) {
    notes.push(
      `${count(dup.groups.length, 'group')} of byte-identical files: ${count(dup.removed, 'copy', 'copies')} left out of training` +
        (dup.conflicting ? ` (${count(dup.conflicting, 'group')} ${dup.conflicting === 1 ? 'carries' : 'carry'} both labels: all their copies left out)` : ''),
    );
  }
  if (minority === 0 && total > 0) notes.push(`only ${majority} images: a classifier needs both classes`);
  return {
    root: found.root,
    layout: found.layout,
    images,
    patients: patientsByClass(usable),
    patientSources,
    ...(officialSplits ? { officialSplits } : {}),
    skipped: { total: skipped.length, byReason, files: skipped.slice(0, MAX_LISTED_SKIPS) },
    duplicates: {
      groups: dup.groups.length,
      removed: dup.removed,
      conflicting: dup.conflicting,
      examples: dup.groups.slice(0, MAX_DUPLICATE_EXAMPLES).map((g) => ({ files: g.map((it) => it.file), labels: g.map((it) => labelName(it.label)) })),
    },
    imbalance: {
      positiveFraction: total ? images.PNEUMONIA / total : 0,
      majority,
      ratio: minority ? Math.max(images.NORMAL, images.PNEUMONIA) / minority : null,
    },
    notes,
  };
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  });
  await Promise.all(workers);
}
