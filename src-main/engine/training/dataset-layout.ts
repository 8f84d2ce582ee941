// Recognises how a labelled folder is organised: RSNA (labels CSV + DICOMs), Kermany
// (train|val|test/<class>/) or plain class folders (NORMAL/, PNEUMONIA/, any case). A folder
// holding exactly one such tree (e.g. an unzipped archive's top folder) is looked into.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatasetLayout, OfficialSplit } from '../../api/training';
import type { Label } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import { isRsnaLabelHeader } from './rsna-labels';
import { errnoInWords } from '../files/errno-in-words';
import { readRegularFile } from '../files/regular-file';

export interface ClassFolder {
  folder: string;
  label: Label;
  split: OfficialSplit | null;
}

export interface LayoutFound {
  layout: DatasetLayout;
  root: string;
  /** Class folders to walk (class-folders and kermany layouts). */
  classFolders: ClassFolder[];
  /** RSNA: the labels CSV. */
  labelsCsv?: string;
  /** Entries that hold no labelled images (other folders, loose files), with why. */
  ignored: Array<{ path: string; reason: string; isFolder: boolean }>;
  notes: string[];
}

const SPLITS: OfficialSplit[] = ['train', 'val', 'test'];
const SYSTEM_FOLDERS = new Set(['__macosx', '.ds_store']);

interface Entry {
  name: string;
  path: string;
  isDir: boolean;
}

// A link to a folder counts as a folder (NORMAL/ and PNEUMONIA/ linked in rather than copied, as
// find-images.ts and list-directory.ts allow). Layouts are looked for at most three levels deep,
// so following links here cannot loop; walk-files.ts does not follow folder links below them.
async function list(dir: string): Promise<Entry[]> {
  const dirents = await readdir(dir, { withFileTypes: true });
  const entries = await Promise.all(
    dirents.map(async (d) => {
      const path = join(dir, d.name);
      const isDir = d.isSymbolicLink() ? ((await stat(path).catch(() => null))?.isDirectory() ?? false) : d.isDirectory();
      return { name: d.name, path, isDir };
    }),
  );
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function classOf(name: string): Label | null {
  const n = name.toUpperCase();
  return n === 'NORMAL' || n === 'PNEUMONIA' ? n : null;
}

function splitOf(name: string): OfficialSplit | null {
  const n = name.toLowerCase();
  if (n === 'validation') return 'val';
  return (SPLITS as string[]).includes(n) ? (n as OfficialSplit) : null;
}

async function rsnaCsv(entries: Entry[]): Promise<string | null> {
  const csvs = entries.filter((e) => !e.isDir && e.name.toLowerCase().endsWith('.csv'));
  // stage_2_train_labels.csv first when several CSVs sit there.
  csvs.sort((a, b) => Number(/train_labels/i.test(b.name)) - Number(/train_labels/i.test(a.name)));
  for (const c of csvs) {
    // A named pipe or device named *.csv is not read (it would block for good): no labels there.
    const head = (await readRegularFile(c.path, 'utf8').catch(() => '')).split(/\r?\n/, 1)[0] ?? '';
    if (isRsnaLabelHeader(head)) return c.path;
  }
  return null;
}

async function classFoldersIn(dir: string, split: OfficialSplit | null): Promise<{ found: ClassFolder[]; others: Entry[] }> {
  const found: ClassFolder[] = [];
  const others: Entry[] = [];
  for (const e of await list(dir)) {
    const label = e.isDir ? classOf(e.name) : null;
    if (label) found.push({ folder: e.path, label, split });
    else others.push(e);
  }
  return { found, others };
}

async function detectHere(root: string): Promise<LayoutFound | null> {
  const entries = await list(root);
  const ignored: LayoutFound['ignored'] = [];
  const ignore = (e: Entry, reason: string) => ignored.push({ path: e.path, reason, isFolder: e.isDir });

  const csv = await rsnaCsv(entries);
  if (csv) {
    return { layout: 'rsna', root, classFolders: [], labelsCsv: csv, ignored, notes: [] };
  }

  const splitDirs = entries.filter((e) => e.isDir && splitOf(e.name));
  const kermany: ClassFolder[] = [];
  for (const s of splitDirs) {
    const { found, others } = await classFoldersIn(s.path, splitOf(s.name));
    kermany.push(...found);
    for (const o of others) ignore(o, o.isDir ? `folder '${o.name}' is not a class (NORMAL or PNEUMONIA)` : 'not inside a NORMAL or PNEUMONIA folder');
  }
  if (kermany.length > 0) {
    for (const e of entries) {
      if (splitDirs.includes(e)) continue;
      if (SYSTEM_FOLDERS.has(e.name.toLowerCase())) continue;
      ignore(e, e.isDir ? `folder '${e.name}' is not a split (train, val, test)` : 'not inside a split folder');
    }
    return { layout: 'kermany', root, classFolders: kermany, ignored, notes: [] };
  }

  const { found, others } = await classFoldersIn(root, null);
  if (found.length > 0) {
    for (const o of others) {
      if (SYSTEM_FOLDERS.has(o.name.toLowerCase())) continue;
      ignore(o, o.isDir ? `folder '${o.name}' is not a class (NORMAL or PNEUMONIA)` : 'not inside a NORMAL or PNEUMONIA folder');
    }
    return { layout: 'class-folders', root, classFolders: found, ignored, notes: [] };
  }
  return null;
}

export async function detectLayout(dir: string): Promise<LayoutFound> {
  let entries: Entry[];
  try {
    entries = await list(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AlveoError('NOT_FOUND', code === 'ENOTDIR' ? 'not a folder' : `cannot read the folder (${errnoInWords(err)})`, dir);
  }
  const here = await detectHere(dir);
  if (here) return here;
  // An archive's single top folder (ignoring macOS metadata): look one level down.
  const subdirs = entries.filter((e) => e.isDir && !SYSTEM_FOLDERS.has(e.name.toLowerCase()) && !e.name.startsWith('.'));
  if (subdirs.length === 1) {
    const inner = await detectHere(subdirs[0].path);
    if (inner) {
      inner.notes.push(`the dataset was found in the subfolder '${subdirs[0].name}'`);
      return inner;
    }
  }
  throw new AlveoError(
    'BAD_ARGUMENT',
    'no labelled images found: expected NORMAL/ and PNEUMONIA/ folders, train|val|test/<class>/ folders (Kermany), or an RSNA labels CSV (patientId, Target) with DICOM files',
    dir,
  );
}
