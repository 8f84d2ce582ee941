// Which worklist rows are shown, and in what order: one pure function shared by the renderer (the
// table) and the engine (CSV export), so an export holds exactly the rows on screen.
import { heldBack } from './held-back';
import { personName } from './person-name';
import type { ScoreRow } from './scoring';

export type WorklistFilter = 'all' | 'pneumonia' | 'normal' | 'errors' | 'warnings';
export type WorklistSortKey = 'probability' | 'file' | 'patient' | 'label';

export interface WorklistView {
  filter: WorklistFilter;
  /** Case-insensitive text matched against the file path, patient name (raw or as shown), patient ID and accession number. */
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

export function matchesSearch(row: ScoreRow, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  const a = row.attributes;
  if ([row.file, a.PatientName ?? '', a.PatientID ?? '', a.AccessionNumber ?? ''].some((s) => s.toLowerCase().includes(q))) return true;
  // A name is typed as it is read ("doe, jane", "Jane Marie") or as stored ("DOE^JANE"): compare
  // both without the separators.
  const words = nameWords(q);
  return words !== '' && [nameWords(a.PatientName ?? ''), nameWords(personName(a.PatientName))].some((s) => s.includes(words));
}

/** A person name (raw PN or as shown) as lower-case words: '^', '=', commas and runs of spaces become one space. */
function nameWords(text: string): string {
  return text.toLowerCase().replace(/[\^=,\s]+/g, ' ').trim();
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
 * come last. */
export function worklistView(rows: readonly ScoreRow[], view: WorklistView): ScoreRow[] {
  const shown = rows.filter((r) => matchesFilter(r, view.filter) && matchesSearch(r, view.search));
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
