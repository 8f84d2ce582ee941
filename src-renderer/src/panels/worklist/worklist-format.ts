// How the worklist says durations, rates and paths: short, tabular, never "NaN".
import { describeAge, patientAgeYears } from '../../../../src-main/api/patient-age';

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function formatRate(perSecond: number | null | undefined): string {
  if (!perSecond || !Number.isFinite(perSecond)) return '—';
  return perSecond >= 10 ? perSecond.toFixed(0) : perSecond.toFixed(1);
}

export function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** The row's sub-folder relative to the scored folder ('' when directly inside it). */
export function subFolder(file: string, root: string | null): string {
  const dir = file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')));
  if (!root) return dir;
  const r = root.replace(/[\\/]+$/, '');
  if (dir === r) return '';
  return dir.startsWith(r + '/') || dir.startsWith(r + '\\') ? dir.slice(r.length + 1) : dir;
}

/** DICOM DA (YYYYMMDD) as an ISO date. */
export function dicomDate(da: string | undefined): string {
  return da && /^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : (da ?? '');
}

/** DICOM AS (e.g. 004Y) as "4 y". */
export function dicomAge(as: string | undefined): string {
  const m = as ? /^(\d{1,3})([DWMY])$/i.exec(as.trim()) : null;
  if (!m) return as ?? '';
  return `${Number(m[1])} ${m[2].toLowerCase()}`;
}

/**
 * The age column: PatientAge as written, else the age from the birth and study dates by the study
 * panel's rule (patient-age.ts), flagged so the row can say where it came from.
 */
export function rowAge(a: Record<string, string>): { text: string; fromDates: boolean } {
  const years = a.PatientAge ? undefined : patientAgeYears(a);
  return years === undefined ? { text: dicomAge(a.PatientAge), fromDates: false } : { text: describeAge(years), fromDates: true };
}
