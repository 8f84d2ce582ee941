// patients.csv in a dataset's root folder: who the patient of each image is, for file names that do
// not say (hospital exports such as MRN1-0.jpeg, MRN1-1.jpeg). Header `file,patient` (any case, any
// other columns ignored; comma, semicolon or tab); `file` is the path inside the folder
// (NORMAL/MRN1-0.jpeg) or a bare file name when only one file has it. Quoted fields, a UTF-8 BOM and
// CRLF line ends are read. A file given two patients, an empty cell or an ambiguous bare name is an
// error naming the line; rows naming no file of the folder are returned for a warning.
import { readdir } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { AlveoError } from '../../api/errors';
import { readCsvRecords } from './csv-records';
import { errnoInWords } from '../files/errno-in-words';
import { readRegularFile } from '../files/regular-file';

export const PATIENTS_CSV = 'patients.csv';

export interface PatientsCsvRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  file: string;
  patient: string;
}

export interface PatientsCsv {
  path: string;
  rows: PatientsCsvRow[];
}

export interface ResolvedPatients {
  /** Absolute file path -> patient, as written in the CSV (trimmed). */
  byFile: Map<string, string>;
  /** Rows that name no file of the dataset. */
  unknown: PatientsCsvRow[];
}

/** The patients.csv (any case) directly in one of `dirs`, first found; null when there is none. */
export async function findPatientsCsv(dirs: string[]): Promise<string | null> {
  for (const d of dirs) {
    const names = await readdir(d).catch(() => [] as string[]);
    const name = names.find((n) => n.toLowerCase() === PATIENTS_CSV);
    if (name) return join(d, name);
  }
  return null;
}

export async function readPatientsCsv(path: string): Promise<PatientsCsv> {
  let text: string;
  try {
    text = await readRegularFile(path, 'utf8');
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    throw new AlveoError('BAD_ARGUMENT', `cannot read the file (${errnoInWords(err)})`, path);
  }
  return { path, rows: parsePatientsCsv(text, path) };
}

export function parsePatientsCsv(text: string, path: string): PatientsCsvRow[] {
  const bad = (msg: string) => new AlveoError('BAD_ARGUMENT', msg, path);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const firstLine = text.split(/\r?\n|\r/, 1)[0] ?? '';
  let delimiter: string | null = null;
  let header: string[] = [];
  for (const d of [',', ';', '\t']) {
    const cells = readCsvRecords(firstLine, d)[0]?.cells.map((c) => c.trim().toLowerCase()) ?? [];
    if (cells.includes('file') && cells.includes('patient')) {
      delimiter = d;
      header = cells;
      break;
    }
  }
  if (!delimiter) throw bad(`line 1: expected the header 'file,patient' (the path of each image inside the folder, and its patient)`);
  const fileCol = header.indexOf('file');
  const patientCol = header.indexOf('patient');
  const rows: PatientsCsvRow[] = [];
  for (const r of readCsvRecords(text, delimiter).slice(1)) {
    if (r.cells.every((c) => c.trim() === '')) continue;
    const file = (r.cells[fileCol] ?? '').trim();
    const patient = (r.cells[patientCol] ?? '').trim();
    if (!file) throw bad(`line ${r.line}: no file name`);
    if (!patient) throw bad(`line ${r.line}: no patient for '${file}'`);
    rows.push({ line: r.line, file, patient });
  }
  return rows;
}

/**
 * Matches the rows to the dataset's files (absolute paths under `root`): by path inside the folder,
 * else by bare name when unique, else case-insensitively when unique.
 */
export function resolvePatients(csv: PatientsCsv, root: string, files: string[]): ResolvedPatients {
  const bad = (msg: string) => new AlveoError('BAD_ARGUMENT', msg, csv.path);
  const byPath = new Map<string, string[]>();
  const byName = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, k: string, f: string) => {
    const l = m.get(k);
    if (l) l.push(f);
    else m.set(k, [f]);
  };
  for (const f of files) {
    const rel = relative(root, f).split(sep).join('/');
    add(byPath, rel, f);
    add(byPath, `\0${rel.toLowerCase()}`, f);
    add(byName, basename(f), f);
    add(byName, `\0${basename(f).toLowerCase()}`, f);
  }
  const byFile = new Map<string, string>();
  const lineOf = new Map<string, number>();
  const unknown: PatientsCsvRow[] = [];
  for (const row of csv.rows) {
    const key = row.file.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');
    const m = key.includes('/') ? byPath : byName;
    const hits = m.get(key) ?? m.get(`\0${key.toLowerCase()}`) ?? [];
    if (hits.length === 0) {
      unknown.push(row);
      continue;
    }
    if (hits.length > 1) {
      const shown = hits.slice(0, 3).map((f) => relative(root, f).split(sep).join('/'));
      throw bad(`line ${row.line}: '${row.file}' names ${hits.length} files (${shown.join(', ')}${hits.length > 3 ? ', …' : ''}): give its path inside the folder`);
    }
    const f = hits[0];
    const had = byFile.get(f);
    if (had !== undefined && had !== row.patient) {
      // Patient identifiers stay out of messages: the lines say where to look.
      throw bad(`line ${row.line}: '${row.file}' is given another patient than on line ${lineOf.get(f)}: one file, one patient`);
    }
    byFile.set(f, row.patient);
    if (!lineOf.has(f)) lineOf.set(f, row.line);
  }
  return { byFile, unknown };
}
