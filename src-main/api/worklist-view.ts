// Which worklist rows are shown, and in what order: one pure function shared by the renderer (the
// table) and the engine (CSV export), so an export holds exactly the rows on screen.
import { foldForSearch } from './fold-for-search';
import { heldBack } from './held-back';
import { personName } from './person-name';
import type { ScoreRow } from './scoring';

export type WorklistFilter = 'all' | 'pneumonia' | 'normal' | 'errors' | 'warnings';
export type WorklistSortKey = 'probability' | 'file' | 'patient' | 'label';

export interface WorklistView {
  filter: WorklistFilter;
  /** Text matched, ignoring case, width, accents and name separators (foldForSearch), against the file's path below the scored folder, the patient name (raw or as shown), patient ID and accession number. */
  search: string;
  sort: WorklistSortKey;
  descending: boolean;
  /** Keep each study's images together (by StudyInstanceUID), studies in the order of their first row. */
  groupByStudy?: boolean;
}

export const DEFAULT_WORKLIST_VIEW: WorklistView = { filter: 'all', search: '', sort: 'probability', descending: true };
export const WORKLIST_FILTERS: readonly WorklistFilter[] = ['all', 'pneumonia', 'normal', 'errors', 'warnings'];
export const WORKLIST_SORT_KEYS: readonly WorklistSortKey[] = ['probability', 'file', 'patient', 'label'];

/** Attributes that identify a patient or a visit: exported only when the user asks for them. */
export const IDENTIFYING_ATTRIBUTES = [
  'PatientName',
  'PatientID',
  'PatientBirthDate',
  'AccessionNumber',
  'StudyDate',
  'StudyDescription',
  'InstitutionName',
  'StudyInstanceUID',
  'SeriesInstanceUID',
  'SOPInstanceUID',
] as const;
/** Attributes that help triage without identifying anyone: always exported. */
export const CLINICAL_ATTRIBUTES = ['PatientAge', 'PatientSex', 'Modality', 'BodyPartExamined', 'ViewPosition'] as const;

export function matchesFilter(row: ScoreRow, filter: WorklistFilter): boolean {
  switch (filter) {
    case 'pneumonia':
      return row.error === null && !heldBack(row) && row.label === 'PNEUMONIA';
    case 'normal':
      return row.error === null && !heldBack(row) && row.label === 'NORMAL';
    case 'errors':
      return row.error !== null;
    case 'warnings':
      return row.warnings.length > 0;
    default:
      return true;
  }
}

/**
 * Whether `row` holds `search`, in any form people type it (foldForSearch: case, width, Unicode
 * form, diacritics, ä as ae): in the file's path below `root` (the scored folder; the part every
 * row shares says nothing, and a folder named Müller must not make every row match Müller), the
 * patient name raw or as shown, the patient ID or the accession number. A file not below `root`:
 * its whole path.
 */
export function matchesSearch(row: ScoreRow, search: string, root?: string | null): boolean {
  return searchMatcher(search, root)(row);
}

/** The query folded once, for every row of a view. */
function searchMatcher(search: string, root: string | null | undefined): (row: ScoreRow) => boolean {
  const queries = foldForSearch(search).map((q) => q.trim());
  if (!queries[0]) return () => true;
  const words = queries.map(nameWords).filter(Boolean);
  const joined = queries.map(nameJoined).filter(Boolean);
  return (row) => {
    const f = rowForms(row, root ?? '');
    if (f.fields.some((s) => queries.some((q) => s.includes(q)))) return true;
    // A name is typed as it is read ("doe, jane", "Jane Marie") or as stored ("DOE^JANE"): compare
    // both without the separators, as words, and with none at all, as CJK and Korean names are
    // written (山田太郎 for 山田^太郎, 홍길동 for 홍^길동).
    return f.words.some((n) => words.some((w) => n.includes(w))) || f.joined.some((n) => joined.some((j) => n.includes(j)));
  };
}

interface RowForms {
  /** The scored folder the path was taken below. */
  root: string;
  /** The path below it, the patient name as stored, ID and accession number, folded. */
  fields: string[];
  /** The name, raw and as shown, folded, as words and with no separators. */
  words: string[];
  joined: string[];
}

/** Folded once per row (and scored folder): a search is typed a key at a time over thousands of rows. */
const formsOf = new WeakMap<ScoreRow, RowForms>();

function rowForms(row: ScoreRow, root: string): RowForms {
  let forms = formsOf.get(row);
  if (!forms || forms.root !== root) {
    const a = row.attributes;
    const stored = foldForSearch(a.PatientName ?? '');
    const names = [...stored, ...foldForSearch(personName(a.PatientName))];
    forms = {
      root,
      fields: [...foldForSearch(pathBelow(row.file, root)), ...stored, ...foldForSearch(a.PatientID ?? ''), ...foldForSearch(a.AccessionNumber ?? '')],
      words: names.map(nameWords),
      joined: names.map(nameJoined),
    };
    formsOf.set(row, forms);
  }
  return forms;
}

/** Separators in a name: PN's '^' and '=', commas (also the ideographic one), the katakana middle dot, spaces. */
const NAME_SEPARATORS = /[\^=,\u3001\u30fb\s]+/g;

/** A person name (raw PN or as shown) as words: separators become one space. */
function nameWords(text: string): string {
  return text.replace(NAME_SEPARATORS, ' ').trim();
}

/** A person name with no separators at all. */
function nameJoined(text: string): string {
  return text.replace(NAME_SEPARATORS, '');
}

/** The part of `file` below `root` (the whole path when it is not below it). */
function pathBelow(file: string, root: string | null | undefined): string {
  if (!root) return file;
  const r = root.replace(/[\\/]+$/, '');
  return file.startsWith(`${r}/`) || file.startsWith(`${r}\\`) ? file.slice(r.length + 1) : file;
}

/** The folder every row is in (the scored folder or one below it), '' when they share none. */
function sharedFolder(rows: readonly ScoreRow[]): string {
  if (rows.length === 0) return '';
  let prefix = rows[0].file;
  for (const r of rows) {
    let i = 0;
    while (i < prefix.length && i < r.file.length && prefix[i] === r.file[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix.slice(0, Math.max(prefix.lastIndexOf('/'), prefix.lastIndexOf('\\')));
}

/** What the patient column shows and sorts by: the name as read, else the patient ID ('' when neither). */
function patientKey(row: ScoreRow): string {
  return personName(row.attributes.PatientName).trim() || (row.attributes.PatientID ?? '').trim();
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compare(a: ScoreRow, b: ScoreRow, key: WorklistSortKey): number {
  switch (key) {
    case 'file':
      return collator.compare(baseName(a.file), baseName(b.file)) || collator.compare(a.file, b.file);
    case 'patient':
      return collator.compare(patientKey(a), patientKey(b));
    case 'label':
      return collator.compare(a.label ?? '', b.label ?? '');
    default:
      return (a.probability ?? 0) - (b.probability ?? 0);
  }
}

/** The study a row belongs to: its StudyInstanceUID, or the file itself (a plain JPEG/PNG is its own study). */
export function studyKey(row: ScoreRow): string {
  return row.attributes.StudyInstanceUID?.trim() || `file:${row.file}`;
}

/**
 * Where a row goes when sorting by probability or label. Held-back rows have no answer on screen, so
 * their number must not rank them; they are not cleared either, so they sit between the two answers:
 * in triage order (highest first) after the pneumonia answers and before the normals, never buried
 * under hundreds of normals; the other way round after the normals and before the pneumonias.
 * Failed rows come last in either direction.
 */
function tier(row: ScoreRow, descending: boolean): number {
  if (row.error !== null) return 3;
  if (heldBack(row)) return 1;
  const positive = row.label === 'PNEUMONIA';
  return positive === descending ? 0 : 2;
}

/** Where a row goes when sorting by patient: rows without a name or ID last in either direction (a
 * "—" at the top of the list says nothing). */
function patientTier(row: ScoreRow): number {
  return patientKey(row) === '' ? 1 : 0;
}

/** The rows shown for `view`, in display order. By probability or label, held-back rows sit between
 * the pneumonia and the normal answers and failed rows come last; by patient, rows with no patient
 * come last. `root`: the scored folder, whose own path the search leaves out (matchesSearch). */
export function worklistView(rows: readonly ScoreRow[], view: WorklistView, root?: string | null): ScoreRow[] {
  // Without the scored folder, the one all rows share stands for it: the same for the table and
  // the export, which are given the same rows.
  const below = root ?? (view.search.trim() ? sharedFolder(rows) : '');
  const matches = searchMatcher(view.search, below);
  const shown = rows.filter((r) => matchesFilter(r, view.filter) && matches(r));
  const sign = view.descending ? -1 : 1;
  // Array.prototype.sort is stable: ties keep the order the rows arrived in.
  const sorted = shown.sort((a, b) => {
    const ranked = view.sort === 'probability' || view.sort === 'label';
    const last = ranked ? tier(a, view.descending) - tier(b, view.descending) : view.sort === 'patient' ? patientTier(a) - patientTier(b) : 0;
    if (last) return last;
    // Held-back rows among themselves keep the order they arrived in: neither their hidden number nor
    // their hidden label may rank them.
    if (ranked && heldBack(a) && heldBack(b) && a.error === null && b.error === null) return 0;
    return sign * compare(a, b, view.sort);
  });
  if (!view.groupByStudy) return sorted;
  // A study ranks where its first (best, under this sort) image ranks; its images follow it.
  const groups = new Map<string, ScoreRow[]>();
  for (const row of sorted) {
    const key = studyKey(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].flat();
}
