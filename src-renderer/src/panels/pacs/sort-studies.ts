// The PACS search table's order: by a column, either way; the newest study first by default
// (date, then time: two studies of one day are told apart by their time).
import type { PacsStudy } from '../../../../src-main/api/contract';
import { personName } from '../../../../src-main/api/person-name';

export const STUDY_SORT_KEYS = ['date', 'patientId', 'name', 'accession', 'modality', 'images', 'description'] as const;
export type StudySortKey = (typeof STUDY_SORT_KEYS)[number];
export interface StudySort {
  key: StudySortKey;
  descending: boolean;
}
/** The newest study first. */
export const DEFAULT_STUDY_SORT: StudySort = { key: 'date', descending: true };

function sortValue(s: PacsStudy, key: StudySortKey): string | number {
  switch (key) {
    case 'date':
      // HHMMSS only (fractions dropped) so every key has one length: no time sorts as midnight.
      return `${s.studyDate}${(s.studyTime ?? '').split('.')[0].padEnd(6, '0')}`;
    case 'patientId':
      return s.patientId;
    case 'name':
      return personName(s.patientName);
    case 'accession':
      return s.accessionNumber ?? '';
    case 'modality':
      return s.modalities.join(',');
    case 'images':
      return s.instances ?? -1;
    case 'description':
      return s.description;
  }
}

export function sortStudies(studies: readonly PacsStudy[], sort: StudySort): PacsStudy[] {
  const dir = sort.descending ? -1 : 1;
  return [...studies].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return c * dir || a.studyInstanceUid.localeCompare(b.studyInstanceUid);
  });
}

/** A click on a column: the same column turns the order round; another starts newest/largest first for dates and counts. */
export function nextSort(current: StudySort, key: StudySortKey): StudySort {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key === 'date' || key === 'images' };
}
