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

/** A PN value as DICOM writes it (DOE^JOHN), from a naturalized (dcmjs) or plain value. */
export function personName(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(personName).join('\\');
  if (value && typeof value === 'object' && 'Alphabetic' in value) return String((value as { Alphabetic?: string }).Alphabetic ?? '');
  return '';
}

/** Modality filtering the PACS may not do itself (Orthanc's ModalitiesInStudy matching is partial). */
export function matchesModalities(match: StudyMatch, wanted?: string[]): boolean {
  if (!wanted?.length || !match.modalities.length) return true;
  return match.modalities.some((m) => wanted.includes(m));
}
