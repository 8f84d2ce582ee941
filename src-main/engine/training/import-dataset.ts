// Imports a labelled folder: finds its layout, reads every file once (format from its bytes,
// sha256 for duplicates, DICOM PatientID), labels it, names its patient, and summarises the lot.
// Nothing is decoded here; images that fail to decode are reported when training or evaluating.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname, relative, resolve } from 'node:path';
import type { Label } from '../../api/contract';
import type { ClassCounts, DatasetSummary, SkippedFile } from '../../api/training';
import { parseDicomBytes } from '../studies/dicom/read-dicom';
import { sniffFormat } from '../studies/sniff-format';
import { type DatasetItem, labelName, type PatientSource } from './dataset-item';
import { detectLayout, type LayoutFound } from './dataset-layout';
import { kermanyPatientId } from './patient-id';
import { readRsnaLabels } from './rsna-labels';
import { walkFiles } from './walk-files';

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
}

export async function importDataset(dir: string, opts: ImportOptions = {}): Promise<Dataset> {
  const found = await detectLayout(resolve(dir));
  const skipped: SkippedFile[] = [];
  const candidates: Candidate[] = [];
  for (const g of found.ignored) {
    if (!g.isFolder) skipped.push({ file: g.path, reason: g.reason });
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
      for (const f of walked.files) candidates.push({ file: f, label: c.label === 'PNEUMONIA' ? 1 : 0, split: c.split });
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
      if (r.patientSource === 'rsna') usedRsnaIds.add(r.patientId);
    }
    opts.onProgress?.(++done, candidates.length);
  });
  items.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  const notes = [...found.notes];
  if (rsna) {
    const missing = [...rsna.keys()].filter((id) => !usedRsnaIds.has(`rsna:${id}`)).length;
    if (missing > 0) notes.push(`${missing} patients in the labels CSV have no DICOM file in the folder`);
  }
  const duplicates = markDuplicates(items);
  return { summary: summarise(found, items, skipped, duplicates, notes), items };
}

type ReadResult = DatasetItem | { reason: string };

async function readCandidate(c: Candidate, found: LayoutFound, rsna: Map<string, 0 | 1> | null): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(c.file);
  } catch (err) {
    return { reason: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  if (bytes.length === 0) return { reason: 'empty file' };
  const format = sniffFormat(bytes);
  if (format === null) return { reason: 'not an image (not DICOM, JPEG or PNG)' };
  if (typeof format === 'object') return { reason: `unsupported format (${format.other})` };
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  let label = c.label;
  let patientId: string | null = null;
  let patientSource: PatientSource = 'file';
  if (rsna) {
    if (format !== 'dicom') return { reason: 'not a DICOM file (the RSNA layout labels DICOMs by patientId)' };
    const id = basename(c.file, extname(c.file));
    const l = rsna.get(id);
    if (l === undefined) return { reason: 'no row in the labels CSV' };
    label = l;
    patientId = `rsna:${id}`;
    patientSource = 'rsna';
  } else {
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
      return { reason: `damaged DICOM (${err instanceof Error ? err.message.replace(`${c.file}: `, '') : String(err)})` };
    }
  }
  if (!patientId) patientId = `file:${relative(found.root, c.file)}`;
  return { file: c.file, label: label!, patientId, patientSource, officialSplit: c.split, format, sha256 };
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
