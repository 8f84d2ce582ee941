// A study search (the same for DICOMweb and DIMSE) and what comes back for each study.
import type { PacsStudy, PacsStudyQuery } from '../../api/pacs';

/** The app's search (api/pacs), plus a Study Instance UID for the retrieve's look-up. */
export interface StudyQuery extends PacsStudyQuery {
  studyInstanceUid?: string;
}

export type StudyMatch = PacsStudy;

/** `--date FROM-TO` (YYYYMMDD-YYYYMMDD, either side optional, or a single YYYYMMDD). */
export function parseDateRange(text: string): { dateFrom?: string; dateTo?: string } {
  const m = /^(\d{8})?(-)?(\d{8})?$/.exec(text.trim());
  if (!m || (!m[1] && !m[3])) throw new Error(`'${text}' is not a date range: write YYYYMMDD, YYYYMMDD-YYYYMMDD, YYYYMMDD- or -YYYYMMDD`);
  if (!m[2]) return { dateFrom: m[1], dateTo: m[1] };
  return { ...(m[1] ? { dateFrom: m[1] } : {}), ...(m[3] ? { dateTo: m[3] } : {}) };
}

/** DICOM range matching value: FROM-TO, FROM-, -TO, or '' (any). */
export function dicomDateRange(q: StudyQuery): string {
  if (!q.dateFrom && !q.dateTo) return '';
  if (q.dateFrom && q.dateFrom === q.dateTo) return q.dateFrom;
  return `${q.dateFrom ?? ''}-${q.dateTo ?? ''}`;
}

/**
 * A PN value as DICOM writes it, every group kept (DOE^JOHN, Yamada^Tarou=山田^太郎, =山田^太郎), from
 * a naturalized (dcmjs) or DICOM JSON value: a name with only an ideographic group is still a name.
 */
export function personName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(personName).join('\\');
  if (value && typeof value === 'object') {
    const { Alphabetic, Ideographic, Phonetic } = value as { Alphabetic?: unknown; Ideographic?: unknown; Phonetic?: unknown };
    const groups = [Alphabetic, Ideographic, Phonetic].map((g) => (typeof g === 'string' ? g : ''));
    // Trailing empty groups are dropped (PS3.5 6.2.1); leading ones keep their '=' so the groups keep their meaning.
    while (groups.length && !groups[groups.length - 1]) groups.pop();
    return groups.join('=');
  }
  return '';
}

/** Modality filtering the PACS may not do itself (Orthanc's ModalitiesInStudy matching is partial). */
export function matchesModalities(match: StudyMatch, wanted?: string[]): boolean {
  if (!wanted?.length || !match.modalities.length) return true;
  return match.modalities.some((m) => wanted.includes(m));
}
