// The PACS search fields that may outlive a reload: the date range, the modalities and the table's
// order. Never the patient's name or ID, nor the rows found (they name patients): a shared
// workstation must not show the last reader's patient to the next one.
import { STUDY_SORT_KEYS, type StudySort } from './sort-studies';

export interface KeptPacsQuery {
  dateFrom: string;
  dateTo: string;
  modalities: string;
  sort: StudySort;
}

const KEY = 'alveo.pacs.query';
const DATE = /^(\d{4}-\d\d-\d\d)?$/;

/** What was kept, field by field; a missing or damaged field is null (the caller keeps its default). */
export function readKeptPacsQuery(): { [K in keyof KeptPacsQuery]: KeptPacsQuery[K] | null } {
  let v: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) v = parsed as Record<string, unknown>;
  } catch {
    // Damaged storage: the defaults.
  }
  const date = (x: unknown) => (typeof x === 'string' && DATE.test(x) ? x : null);
  const sort = v.sort as Partial<StudySort> | undefined;
  return {
    dateFrom: date(v.dateFrom),
    dateTo: date(v.dateTo),
    modalities: typeof v.modalities === 'string' && /^[A-Za-z0-9, ]{0,64}$/.test(v.modalities) ? v.modalities : null,
    sort: sort && STUDY_SORT_KEYS.some((k) => k === sort.key) ? { key: sort.key as StudySort['key'], descending: sort.descending === true } : null,
  };
}

export function keepPacsQuery(q: KeptPacsQuery): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify({ dateFrom: q.dateFrom, dateTo: q.dateTo, modalities: q.modalities, sort: { key: q.sort.key, descending: q.sort.descending } }));
  } catch {
    // Storage full or refused: the next start proposes the defaults.
  }
}
